using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// One ad-hoc run of B1–B4 with overrides of the preset sizes (what <c>alignlab dynamics run</c> does): null
/// fields keep the preset.
/// </summary>
public sealed record DynamicsRunRequest
{
    /// <summary>b1, b2, b3 or b4.</summary>
    public required string Experiment { get; init; }
    public ExperimentSize Size { get; init; } = ExperimentSize.Full;
    public AttentionKernel? Kernel { get; init; }
    /// <summary>Embedding dimension D (b1/b2: the only grid point; b3: the problem's D; b4: the model's D).</summary>
    public int? Dim { get; init; }
    public int? Seeds { get; init; }
    public int FirstSeed { get; init; } = 1000;
    /// <summary>GD iterations (b1, b2; b3: stage 2).</summary>
    public int? Iterations { get; init; }
    /// <summary>Training epochs (b4).</summary>
    public int? Epochs { get; init; }
    public int Threads { get; init; } = 1;

    /// <summary>Runs the experiment and returns its report (the summary numbers are in <see cref="Report.Metrics"/>).</summary>
    public Report Run(IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        if (Threads <= 0) throw new ArgumentException($"threads: {Threads} must be positive");
        bool full = Size == ExperimentSize.Full;
        IReadOnlyList<AttentionKernel>? kernels = Kernel is { } k ? [k] : null;
        switch (Experiment.Trim().ToLowerInvariant())
        {
            case "b1":
            {
                var s = (full ? DimensionSweepSettings.Full : DimensionSweepSettings.Quick) with { FirstSeed = FirstSeed };
                s = s with
                {
                    Kernels = kernels ?? s.Kernels, Dims = Dim is { } d ? [d] : s.Dims,
                    Seeds = Seeds ?? s.Seeds, Iterations = Iterations ?? s.Iterations,
                };
                return new DimensionSweepExperiment().ToReport(DimensionSweepStudy.Measure(s, Threads, progress, cancel));
            }
            case "b2":
            {
                var s = (full ? AttentionOnlySettings.Full : AttentionOnlySettings.Quick) with { FirstSeed = FirstSeed };
                s = s with
                {
                    Kernels = kernels ?? s.Kernels, Dims = Dim is { } d ? [d] : s.Dims,
                    Seeds = Seeds ?? s.Seeds, Iterations = Iterations ?? s.Iterations,
                };
                return new AttentionOnlyExperiment().ToReport(AttentionOnlyStudy.Measure(s, Threads, progress, cancel));
            }
            case "b3":
            {
                if (Kernel is not null) throw new ArgumentException("kernel: b3 always compares both kernels (stage 2 with each)");
                var s = (full ? TwoStageLandscapeSettings.Full : TwoStageLandscapeSettings.Quick) with { FirstSeed = FirstSeed };
                s = s with { Dim = Dim ?? s.Dim, Seeds = Seeds ?? s.Seeds, Stage2Iterations = Iterations ?? s.Stage2Iterations };
                return new TwoStageLandscapeExperiment().ToReport(TwoStageLandscapeStudy.Measure(s, Threads, progress, cancel));
            }
            case "b4":
            {
                var s = (full ? ClassificationSettings.Full : ClassificationSettings.Quick) with { FirstSeed = FirstSeed };
                s = s with
                {
                    Kernels = kernels ?? s.Kernels, EmbeddingDim = Dim ?? s.EmbeddingDim,
                    Seeds = Seeds ?? s.Seeds, Epochs = Epochs ?? s.Epochs,
                };
                return new ClassificationExperiment().ToReport(ClassificationStudy.Measure(s, Threads, progress, cancel));
            }
            default:
                throw new ArgumentException($"experiment: '{Experiment}' is not one of b1, b2, b3, b4");
        }
    }
}
