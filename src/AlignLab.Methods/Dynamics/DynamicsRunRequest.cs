using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// One ad-hoc run of a Dynamics experiment with its preset narrowed (what <c>alignlab dynamics run</c> does): null
/// fields keep the preset; each experiment maps the rest onto its own settings and rejects what it has no field for.
/// </summary>
public sealed record DynamicsRunRequest
{
    /// <summary>Id, folder, number or name of the experiment (e.g. <c>b2</c> or <c>attention-only</c>).</summary>
    public required string Experiment { get; init; }
    public ExperimentSize Size { get; init; } = ExperimentSize.Full;
    public AttentionKernel? Kernel { get; init; }
    /// <summary>Embedding dimension D: the only grid point of a sweep, or the problem's or model's D.</summary>
    public int? Dim { get; init; }
    /// <summary>Number of seeds, starting at <see cref="FirstSeed"/>.</summary>
    public int? Seeds { get; init; }
    public int FirstSeed { get; init; } = 1000;
    /// <summary>Gradient-descent iterations (of the second stage in the landscape experiment).</summary>
    public int? Iterations { get; init; }
    /// <summary>Training epochs (classification).</summary>
    public int? Epochs { get; init; }
    public int Threads { get; init; } = 1;

    public Report Run(IProgress<ExperimentProgress>? progress = null, CancellationToken cancel = default) =>
        DynamicsExperiments.Find(Experiment).Run(this, progress, cancel);

    public void Validate()
    {
        if (Threads <= 0) throw new ArgumentException($"threads: {Threads} must be positive", nameof(Threads));
        if (Seeds is <= 0) throw new ArgumentException($"seeds: {Seeds} must be positive", nameof(Seeds));
        if (FirstSeed < 0) throw new ArgumentException($"firstSeed: {FirstSeed} must be non-negative", nameof(FirstSeed));
    }

    /// <summary>Throws when <paramref name="field"/> was set for an experiment that has no use for it.</summary>
    internal void Reject(bool isSet, string field, string reason)
    {
        if (isSet) throw new ArgumentException($"{char.ToLowerInvariant(field[0])}{field[1..]}: {reason}", field);
    }
}
