using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Dynamics;

/// <summary>One B2 trial: how far f fell against the targets' energy E = ½‖y‖², whether it got stuck, and its curve.</summary>
/// <param name="RelativeLoss">f_T/E: 1 is the zero predictor, 0 the teacher, whatever the kernel.</param>
/// <param name="StartRelativeLoss">f_0/E: how far from the targets the student started.</param>
/// <param name="RelativeGradient">‖∇f_T‖/f_T: unchanged by rescaling the targets; near 0 at a stationary point, not
/// near 0 on a plateau that is still descending.</param>
/// <param name="GradientRatio">‖∇f_T‖/‖∇f_0‖ (depends on how bad the start was, so not compared across kernels).</param>
/// <param name="Curve">f_t/E sampled every <see cref="AttentionOnlySettings.CurveEvery"/> iterations (t = 0 … T).</param>
public sealed record AttentionOnlyRun(int Seed, double RelativeLoss, double StartRelativeLoss, double RelativeGradient, double GradientRatio,
                                      int Iterations, StopReason Stop, double[] Curve)
{
    public bool Succeeded(double threshold) => RelativeLoss < threshold;
}

/// <summary>All trials of one (kernel, D) cell.</summary>
public sealed record AttentionOnlyCell(AttentionKernel Kernel, int Dim, IReadOnlyList<AttentionOnlyRun> Runs, double Threshold)
{
    public int Successes
    {
        get
        {
            int count = 0;
            foreach (var run in Runs) if (run.Succeeded(Threshold)) count++;
            return count;
        }
    }

    public double SuccessRate => (double)Successes / Runs.Count;

    public double MedianRelativeLoss => Stats.Median(Runs, r => r.RelativeLoss);

    public double MedianStartRelativeLoss => Stats.Median(Runs, r => r.StartRelativeLoss);

    /// <summary>Median f_T/f_0, the start-relative measure (not kernel-neutral; shown to explain why).</summary>
    public double MedianLossOverStart => Stats.Median(Runs, r => r.RelativeLoss / r.StartRelativeLoss);

    /// <summary>Median over seeds of f_t/f_0 at each curve sample.</summary>
    public double[] MedianCurve()
    {
        int length = Runs[0].Curve.Length;
        var median = new double[length];
        var column = new double[Runs.Count];
        for (int p = 0; p < length; p++)
        {
            for (int r = 0; r < Runs.Count; r++) column[r] = Runs[r].Curve[p];
            median[p] = Stats.Median(column);
        }
        return median;
    }

    /// <summary>Relative gradients ‖∇f_T‖/f_T of the failed trials (plateau vs stationary point).</summary>
    public List<double> FailureRelativeGradients()
    {
        var values = new List<double>();
        foreach (var run in Runs) if (!run.Succeeded(Threshold)) values.Add(run.RelativeGradient);
        return values;
    }
}

/// <summary>The B2 grid: one cell per (kernel, D).</summary>
public sealed record AttentionOnlyResult(AttentionOnlySettings Settings, IReadOnlyList<AttentionOnlyCell> Cells, TimeSpan Elapsed)
{
    public AttentionOnlyCell? Cell(AttentionKernel kernel, int dim)
    {
        foreach (var cell in Cells) if (cell.Kernel == kernel && cell.Dim == dim) return cell;
        return null;
    }

    /// <summary>Iteration of each curve sample.</summary>
    public double[] CurveIterations()
    {
        int length = Cells[0].Runs[0].Curve.Length;
        var x = new double[length];
        for (int p = 0; p < length; p++) x[p] = Math.Min(p * Settings.CurveEvery, Settings.Iterations);
        return x;
    }
}
