using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Dynamics;

/// <summary>One (task, kernel, seed) run.</summary>
/// <param name="EpochsToTarget">First epoch whose test accuracy reached the task's target, or null.</param>
public sealed record ClassificationRun(SyntheticTask Task, AttentionKernel Kernel, int Seed, ClassifierCurve Curve, int? EpochsToTarget, double Seconds);

public sealed record ClassificationResult(ClassificationSettings Settings, IReadOnlyList<ClassificationRun> Runs, TimeSpan Elapsed)
{
    public List<ClassificationRun> Select(SyntheticTask task, AttentionKernel kernel)
    {
        var list = new List<ClassificationRun>();
        foreach (var run in Runs) if (run.Task == task && run.Kernel == kernel) list.Add(run);
        return list;
    }

    /// <summary>Mean and sample std over seeds of one per-epoch series.</summary>
    public (double[] Mean, double[] Std) MeanStd(SyntheticTask task, AttentionKernel kernel, Func<ClassifierCurve, double[]> series)
    {
        var runs = Select(task, kernel);
        int length = series(runs[0].Curve).Length;
        var mean = new double[length];
        var std = new double[length];
        var column = new double[runs.Count];
        for (int e = 0; e < length; e++)
        {
            for (int r = 0; r < runs.Count; r++) column[r] = series(runs[r].Curve)[e];
            (mean[e], std[e]) = Stats.MeanStd(column);
        }
        return (mean, std);
    }
}
