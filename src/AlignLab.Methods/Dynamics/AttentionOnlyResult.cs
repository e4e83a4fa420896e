using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>One B2 trial: how far f fell, whether it got stuck, and its f/f0 curve.</summary>
/// <param name="GradientRatio">‖∇f_T‖/‖∇f_0‖: ≈1e-3 on a saturation plateau, far smaller at a stationary point.</param>
/// <param name="Curve">f_t/f_0 sampled every <see cref="AttentionOnlySettings.CurveEvery"/> iterations (t = 0 … T).</param>
public sealed record AttentionOnlyRun(int Seed, double RelativeLoss, double GradientRatio, int Iterations, StopReason Stop, double[] Curve)
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

    /// <summary>Gradient ratios ‖∇f_T‖/‖∇f_0‖ of the failed trials (plateau vs stationary point).</summary>
    public List<double> FailureGradientRatios()
    {
        var ratios = new List<double>();
        foreach (var run in Runs) if (!run.Succeeded(Threshold)) ratios.Add(run.GradientRatio);
        return ratios;
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
