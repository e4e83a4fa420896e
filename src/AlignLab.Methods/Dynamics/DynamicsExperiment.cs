using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>A Dynamics settings record: its trial seeds, replaceable so a run seed or a request can move them.</summary>
public interface IDynamicsSettings<TSelf>
{
    SeedRange Seeds { get; }
    TSelf WithSeeds(SeedRange seeds);
}

/// <summary>What <c>alignlab dynamics run</c> needs of an experiment: its id and a run narrowed by a request.</summary>
public interface IDynamicsExperiment : IExperiment
{
    /// <summary>The preset of the request's size with its overrides applied, measured and described.</summary>
    Report Run(DynamicsRunRequest request, IProgress<ExperimentProgress>? progress = null, CancellationToken cancel = default);
}

/// <summary>
/// The four Dynamics experiments' shared shape: the paper, trial seeds derived from the run seed (run seed 1 gives
/// seeds 1000, 1001, …), and how a <see cref="DynamicsRunRequest"/> narrows the preset.
/// </summary>
public abstract class DynamicsExperiment<TSettings, TResult> : Experiment<TSettings, TResult>, IDynamicsExperiment
    where TSettings : IDynamicsSettings<TSettings>
{
    public const string PaperTitle =
        "Unraveling the Gradient Descent Dynamics of Transformers (Song, Han, Zhang, Ding, Hong; NeurIPS 2024; arXiv 2411.07538)";

    /// <summary>
    /// Why these experiments run on their own float64 path and not on the float32 engine; every report says it.
    /// </summary>
    public const string PrecisionNote =
        "All runs use the Dynamics module's exact float64 attention layer (hand-derived backward, pinned by central " +
        "finite differences for both kernels and by agreement with the engine's float32 attention op), not the " +
        "float32 engine: the criteria here need losses down to ~1e-10 of their start, linear rates of 1 − 1e-5 per " +
        "step, σ_min of matrices whose condition numbers exceed 1e7, and gradient ratios of 1e-6 to tell a " +
        "stationary point from a plateau — all below float32's 1e-7 resolution.";

    /// <summary>The step rule of every GD run, in words.</summary>
    public const string ArmijoRule = "each step first doubles the previous one, then halves until f drops by ½·η·‖∇f‖²";

    public override string Paper => PaperTitle;

    public override TSettings SettingsFor(ExperimentContext context)
    {
        var settings = base.SettingsFor(context);
        return settings.WithSeeds(SeedRange.FromRunSeed(context.Seed, settings.Seeds.Count));
    }

    /// <summary>The request's preset with its seeds and overrides (an override the experiment has no field for is an error).</summary>
    public TSettings SettingsFor(DynamicsRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (TrainsInEpochs) request.Reject(request.Iterations is not null, nameof(request.Iterations), "this experiment trains in epochs, not GD iterations");
        else request.Reject(request.Epochs is not null, nameof(request.Epochs), "this experiment trains by GD iterations, not epochs");
        var preset = request.Size == ExperimentSize.Full ? Full : Quick;
        return Narrow(preset.WithSeeds(new SeedRange(request.FirstSeed, request.Seeds ?? preset.Seeds.Count)), request);
    }

    /// <summary>Whether the experiment's budget is epochs (minibatch training) rather than GD iterations.</summary>
    protected virtual bool TrainsInEpochs => false;

    /// <summary>Applies the request's overrides to this experiment's fields.</summary>
    protected abstract TSettings Narrow(TSettings preset, DynamicsRunRequest request);

    public Report Run(DynamicsRunRequest request, IProgress<ExperimentProgress>? progress = null, CancellationToken cancel = default)
    {
        var settings = SettingsFor(request);
        return ToReport(settings, Measure(settings, new ExperimentContext(request.Size, Threads: request.Threads, Progress: progress, Cancel: cancel)));
    }
}
