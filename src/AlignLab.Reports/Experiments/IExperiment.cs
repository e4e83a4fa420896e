namespace AlignLab.Reports.Experiments;

/// <summary>How big a run is: quick runs in under a minute (tests run it), full is the figure of record.</summary>
public enum ExperimentSize { Quick, Full }

/// <summary>Progress of a running experiment, for a progress bar.</summary>
public sealed record ExperimentProgress(string Stage, double Fraction, string? Detail = null);

/// <summary>Everything an experiment needs from its caller; randomness derives only from <see cref="Seed"/>.</summary>
public sealed record ExperimentContext(
    ExperimentSize Size,
    int Seed = 1,
    int Threads = 1,
    IProgress<ExperimentProgress>? Progress = null,
    CancellationToken Cancel = default)
{
    /// <summary>
    /// Where part <paramref name="index"/> of <paramref name="parts"/> of the run reports its own fraction done; the
    /// relay turns it into the whole run's fraction under the label <paramref name="stage"/>. Null when nobody listens.
    /// </summary>
    public IProgress<double>? Stage(string stage, int index = 0, int parts = 1)
    {
        if (parts < 1 || (uint)index >= (uint)parts)
            throw new ArgumentOutOfRangeException(nameof(index), $"part {index} of {parts}");
        return Progress is { } sink ? new Relay(f => sink.Report(new ExperimentProgress(stage, (index + f) / parts))) : null;
    }

    /// <summary>Reports synchronously on the worker's thread (Progress&lt;T&gt; would post after the run ended).</summary>
    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

/// <summary>One reproduction of one paper's claim, e.g. <c>mimo/nmse-vs-bits</c>.</summary>
public interface IExperiment
{
    /// <summary>"paper/experiment", also the report folder under <c>reports/</c>.</summary>
    string Id { get; }
    /// <summary>Full title of the paper the experiment belongs to.</summary>
    string Paper { get; }
    /// <summary>One line saying what is reproduced.</summary>
    string Title { get; }
    Report Run(ExperimentContext context);
}
