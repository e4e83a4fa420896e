using AlignLab.Core;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>The Dynamics experiments in report order, and lookup by id or short name.</summary>
public static class DynamicsExperiments
{
    public static IReadOnlyList<IDynamicsExperiment> All() =>
        [new DimensionSweepExperiment(), new AttentionOnlyExperiment(), new TwoStageLandscapeExperiment(), new ClassificationExperiment()];

    /// <summary>
    /// The experiment named by its id (<c>dynamics/b2-attention-only</c>), its folder (<c>b2-attention-only</c>), its
    /// number (<c>b2</c>) or its name (<c>attention-only</c>).
    /// </summary>
    public static IDynamicsExperiment Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        foreach (var experiment in All())
        {
            string folder = experiment.Id[(experiment.Id.IndexOf('/') + 1)..];
            int dash = folder.IndexOf('-');
            if (key == experiment.Id || key == folder || key == folder[..dash] || key == folder[(dash + 1)..]) return experiment;
        }
        throw new ArgumentException(
            $"experiment: '{name}' is not one of {string.Join(", ", All().Select(e => e.Id[(e.Id.IndexOf('/') + 1)..]))}", "Experiment");
    }

    /// <summary>The kernels an experiment runs: the request's one kernel, or the preset's.</summary>
    internal static IReadOnlyList<AttentionKernel> KernelsOr(this DynamicsRunRequest request, IReadOnlyList<AttentionKernel> preset) =>
        request.Kernel is { } kernel ? [kernel] : preset;

    /// <summary>The embedding dimensions an experiment sweeps: the request's one D, or the preset's grid.</summary>
    internal static IReadOnlyList<int> DimsOr(this DynamicsRunRequest request, IReadOnlyList<int> preset) =>
        request.Dim is { } dim ? [dim] : preset;
}
