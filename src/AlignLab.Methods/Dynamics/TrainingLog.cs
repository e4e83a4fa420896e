namespace AlignLab.Methods.Dynamics;

/// <summary>Why a gradient-descent run ended.</summary>
public enum StopReason
{
    /// <summary>Ran all iterations.</summary>
    Iterations,
    /// <summary>f/f0 fell below the stop threshold.</summary>
    Converged,
    /// <summary>Armijo found no decreasing step: the gradient is at the resolution of double precision.</summary>
    StepUnderflow,
    /// <summary>The loss became NaN or infinite (a constant step too large for the curvature).</summary>
    Diverged,
}

/// <summary>
/// Per-iteration record of a gradient-descent run: Loss[t] and GradientNorm[t] at W_t (t = 0…T), Step[t] the
/// step taken from W_t, and σ_min of the stacked attention outputs wherever it was measured.
/// </summary>
public sealed class TrainingLog
{
    public required double[] Loss { get; init; }
    public required double[] GradientNorm { get; init; }
    public required double[] Step { get; init; }
    public required IReadOnlyList<(int Iteration, double SigmaMin)> SigmaMin { get; init; }
    public required StopReason Stop { get; init; }

    /// <summary>Number of updates performed.</summary>
    public int Iterations => Step.Length;
    public double InitialLoss => Loss[0];
    public double FinalLoss => Loss[^1];
    /// <summary>f_T / f_0.</summary>
    public double RelativeFinalLoss => FinalLoss / InitialLoss;
    /// <summary>‖∇f_T‖ / ‖∇f_0‖: small means a stationary point, not small means a plateau (slow, not stuck).</summary>
    public double GradientRatio => GradientNorm[^1] / GradientNorm[0];

    /// <summary>f_t/f_0 at iteration t; a run that stopped early keeps its last value (it was done).</summary>
    public double RelativeLossAt(int iteration) => Loss[Math.Min(iteration, Loss.Length - 1)] / InitialLoss;

    /// <summary>
    /// Observed per-iteration contraction of f between two iterations, (f_b/f_a)^{1/(b−a)}; the linear-rate
    /// theorem bounds it by 1 − η σ_min².
    /// </summary>
    public double ObservedRate(int from, int to)
    {
        to = Math.Min(to, Loss.Length - 1);
        if (from < 0 || from >= to) throw new ArgumentOutOfRangeException(nameof(from), from, $"need 0 ≤ from < to ≤ {Loss.Length - 1}");
        return Math.Pow(Loss[to] / Loss[from], 1.0 / (to - from));
    }

    /// <summary>
    /// min_t ‖∇f_t‖² / (2 f_t): the Polyak–Łojasiewicz constant the run actually saw. The theory's mechanism is
    /// that it stays ≥ σ_min(C)² (exactly so when only W_V trains).
    /// </summary>
    public double MinimumPlRatio()
    {
        double min = double.PositiveInfinity;
        for (int t = 0; t < Loss.Length; t++)
            if (Loss[t] > 0) min = Math.Min(min, GradientNorm[t] * GradientNorm[t] / (2 * Loss[t]));
        return min;
    }

    /// <summary>Mean accepted step size (the η of a rate bound when the step varied).</summary>
    public double MeanStep()
    {
        if (Step.Length == 0) return 0.0;
        double sum = 0.0;
        foreach (double eta in Step) sum += eta;
        return sum / Step.Length;
    }
}
