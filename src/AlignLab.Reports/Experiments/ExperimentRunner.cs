using System.Diagnostics;

namespace AlignLab.Reports.Experiments;

public enum ExperimentStatus { Succeeded, Failed, Canceled }

/// <summary>What happened to one experiment of a run; <see cref="Report"/> is set when it succeeded.</summary>
public sealed record ExperimentOutcome(IExperiment Experiment, ExperimentStatus Status, double Seconds,
                                       Report? Report = null, string? Error = null);

/// <summary>
/// Runs experiments one after another and writes each report, then the index. One experiment failing does not
/// stop the others; cancellation stops before the next experiment and writes no partial report.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly string _reportsRoot;
    private readonly ExperimentSize _size;
    private readonly int _seed, _threads;

    public ExperimentRunner(string reportsRoot, ExperimentSize size, int seed = 1, int threads = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportsRoot);
        if (seed < 0) throw new ArgumentException($"seed must be non-negative (got {seed})", nameof(seed));
        if (threads < 1) throw new ArgumentException($"threads must be at least 1 (got {threads})", nameof(threads));
        _reportsRoot = reportsRoot;
        _size = size;
        _seed = seed;
        _threads = threads;
    }

    /// <summary>Called with the experiment about to run; returns where its progress goes (or null).</summary>
    public Func<IExperiment, IProgress<ExperimentProgress>?>? ProgressFor { get; init; }

    /// <summary>Called after each experiment, whatever its outcome.</summary>
    public Action<ExperimentOutcome>? Finished { get; init; }

    public IReadOnlyList<ExperimentOutcome> Run(IReadOnlyList<IExperiment> experiments, CancellationToken cancel = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in experiments)
            if (!ids.Add(e.Id)) throw new ArgumentException($"experiment id '{e.Id}' is registered twice", nameof(experiments));

        var outcomes = new List<ExperimentOutcome>(experiments.Count);
        foreach (var experiment in experiments)
        {
            var outcome = cancel.IsCancellationRequested
                ? new ExperimentOutcome(experiment, ExperimentStatus.Canceled, 0)
                : RunOne(experiment, cancel);
            outcomes.Add(outcome);
            Finished?.Invoke(outcome);
        }

        var problems = new List<IndexProblem>();
        foreach (var o in outcomes)
            if (o.Status == ExperimentStatus.Failed) problems.Add(new IndexProblem(o.Experiment.Id, "failed in the last run: " + o.Error));
        ReportIndex.Write(_reportsRoot, problems);
        return outcomes;
    }

    private ExperimentOutcome RunOne(IExperiment experiment, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var context = new ExperimentContext(_size, _seed, _threads, ProgressFor?.Invoke(experiment), cancel);
            var report = experiment.Run(context);
            cancel.ThrowIfCancellationRequested(); // a report finished after Ctrl+C is not written: the user asked to stop
            if (report.Id != experiment.Id)
                throw new InvalidDataException($"experiment '{experiment.Id}' returned a report with id '{report.Id}'");
            double seconds = clock.Elapsed.TotalSeconds;
            ReportWriter.Write(report, _reportsRoot, new RunInfo(_size, _seed, _threads, seconds, DateTimeOffset.UtcNow));
            return new ExperimentOutcome(experiment, ExperimentStatus.Succeeded, seconds, report);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new ExperimentOutcome(experiment, ExperimentStatus.Canceled, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            return new ExperimentOutcome(experiment, ExperimentStatus.Failed, clock.Elapsed.TotalSeconds, Error: Describe(e));
        }
    }

    /// <summary>Library errors carry a message meant for people; anything else also needs its type to be understood.</summary>
    private static string Describe(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or InvalidOperationException or NotSupportedException
            ? e.Message
            : $"{e.GetType().Name}: {e.Message}";
}
