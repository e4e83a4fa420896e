using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>One B1 trial; losses are relative to the zero predictor's E = ½‖y‖², which both kernels share.</summary>
/// <param name="RelativeLoss">f_T/E.</param>
/// <param name="StartRelativeLoss">f_0/E.</param>
/// <param name="SigmaMin0">σ_min(C_0) as a map onto R^{Nn} (0 when D &lt; Nn).</param>
/// <param name="SigmaMinFinal">σ_min(C_T): whether training kept C well conditioned (all-weight runs).</param>
/// <param name="LeastSquaresRelative">Best f/E reachable with W_V alone at the initial attention.</param>
/// <param name="ObservedRate">(f_T/f_0)^{1/T}, the average per-iteration contraction.</param>
/// <param name="WorstStepRate">max_t f_{t+1}/f_t: what the linear-rate bound limits step by step.</param>
/// <param name="RateBound">1 − η σ_min(C_0)², η the constant step (or the mean Armijo step).</param>
/// <param name="MinimumPl">min_t ‖∇f_t‖²/(2f_t), the PL constant seen along the run (≥ σ_min(C)² for W_V only).</param>
public sealed record DimensionSweepRun(
    int Seed, AttentionKernel Kernel, int Dim, SweepMode Mode,
    double RelativeLoss, double StartRelativeLoss, double GradientRatio, int Iterations, StopReason Stop,
    double SigmaMin0, double SigmaMax0, double SigmaMinFinal, double LeastSquaresRelative,
    double Step, double ObservedRate, double WorstStepRate, double RateBound, double MinimumPl, double[] Curve);

/// <summary>All B1 trials, in (mode, kernel, D, seed) order.</summary>
public sealed record DimensionSweepResult(DimensionSweepSettings Settings, IReadOnlyList<DimensionSweepRun> Runs, TimeSpan Elapsed)
{
    public List<DimensionSweepRun> Select(SweepMode mode, AttentionKernel kernel, int dim)
    {
        var list = new List<DimensionSweepRun>();
        foreach (var run in Runs)
            if (run.Mode == mode && run.Kernel == kernel && run.Dim == dim) list.Add(run);
        return list;
    }

    public double[] CurveIterations()
    {
        int length = Runs[0].Curve.Length;
        var x = new double[length];
        for (int p = 0; p < length; p++) x[p] = Math.Min(p * Settings.CurveEvery, Settings.Iterations);
        return x;
    }
}
