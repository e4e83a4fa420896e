namespace AlignLab.Reports.Experiments;

/// <summary>
/// The one shape of every reproduction: a settings record per size (<see cref="Quick"/> runs in under a minute and
/// is what the tests run; <see cref="Full"/> gives the figures of record), a <see cref="Measure"/> step that only
/// computes, and a <see cref="Describe"/> step that turns the result into claims, tables and figures. The report's
/// configuration is the settings record itself, serialised, so what was run and what is shown cannot drift apart;
/// a method's <c>run</c> command measures with settings built from its flags and describes the same way.
/// </summary>
/// <typeparam name="TSettings">A record of everything that defines a run (sizes, seeds, hyper-parameters).</typeparam>
/// <typeparam name="TResult">What <see cref="Measure"/> returns: numbers, no text.</typeparam>
public abstract class Experiment<TSettings, TResult> : IExperiment where TSettings : notnull
{
    public abstract string Id { get; }
    public abstract string Paper { get; }
    public abstract string Title { get; }

    /// <summary>The smoke-test size: under a minute on two cores.</summary>
    public abstract TSettings Quick { get; }
    /// <summary>The size whose numbers the README cites.</summary>
    public abstract TSettings Full { get; }

    /// <summary>The settings of a run of this size and seed. Override to derive seeds from <see cref="ExperimentContext.Seed"/>.</summary>
    public virtual TSettings SettingsFor(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Size == ExperimentSize.Full ? Full : Quick;
    }

    /// <summary>Runs the trials. Honours <see cref="ExperimentContext.Cancel"/>, reports through <see cref="ExperimentContext.Stage"/>.</summary>
    public abstract TResult Measure(TSettings settings, ExperimentContext context);

    /// <summary>Adds the summary, claims, tables, figures and metrics; the configuration is already filled from the settings.</summary>
    protected abstract void Describe(Report report, TSettings settings, TResult result);

    public Report Run(ExperimentContext context)
    {
        var settings = SettingsFor(context);
        return ToReport(settings, Measure(settings, context));
    }

    /// <summary>The report of a measured result (also what a method's <c>run --json</c> command builds its output from).</summary>
    public Report ToReport(TSettings settings, TResult result)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var report = new Report { Id = Id, Paper = Paper, Title = Title };
        foreach (var (key, value) in ReportConfiguration.From(settings)) report.Configuration[key] = value;
        Describe(report, settings, result);
        return report;
    }
}
