using MathNet.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// Standard normal pdf/cdf and the Gaussian interval quantities the quantized likelihood is built from.
/// Intervals are computed from whichever tail is smaller so that probabilities far from the mean keep their
/// relative accuracy (Φ(a) − Φ(b) with both near 1 would cancel).
/// </summary>
public static class NormalDistribution
{
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double InvSqrt2 = 0.70710678118654752440;

    public static double Pdf(double x) => double.IsInfinity(x) ? 0.0 : InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * InvSqrt2);

    /// <summary>P(lower ≤ Z ≤ upper) for Z ~ N(0, 1), with upper ≥ lower (either may be infinite).</summary>
    public static double IntervalProbability(double upper, double lower)
    {
        if (lower >= 0) return Cdf(-lower) - Cdf(-upper);
        if (upper <= 0) return Cdf(upper) - Cdf(lower);
        return 1.0 - Cdf(-upper) - Cdf(lower);
    }

    /// <summary>
    /// E[X | lower ≤ X ≤ upper] for X ~ N(mean, σ²): mean − σ(φ(α) − φ(β)) / max(Φ(α) − Φ(β), minProbability),
    /// α = (upper − mean)/σ, β = (lower − mean)/σ. The floor on the probability is the paper code's safeguard
    /// (1e-3 there); 0 gives the exact truncated mean.
    /// </summary>
    public static double TruncatedMean(double mean, double lower, double upper, double sigma, double minProbability = 0)
    {
        double alpha = (upper - mean) / sigma, beta = (lower - mean) / sigma;
        double p = Math.Max(IntervalProbability(alpha, beta), Math.Max(minProbability, double.Epsilon));
        return mean - sigma * (Pdf(alpha) - Pdf(beta)) / p;
    }
}
