namespace AlignLab.Methods.Mimo;

/// <summary>
/// Standard normal pdf/cdf and the Gaussian interval quantities the quantized likelihood is built from.
/// Intervals are computed from whichever tail is smaller so that probabilities far from the mean keep their
/// relative accuracy (Φ(a) − Φ(b) with both near 1 would cancel). erfc is W. J. Cody's rational Chebyshev
/// approximation ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969; relative error
/// ~1e-16): the EM step evaluates it 2·R times per iteration, and a general-purpose implementation was the
/// single largest cost of a trial.
/// </summary>
public static class NormalDistribution
{
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double InvSqrt2 = 0.70710678118654752440;

    public static double Pdf(double x) => double.IsInfinity(x) ? 0.0 : InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    public static double Cdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    // Cody's coefficients: erf on |x| ≤ 0.46875 (A/B), erfc on (0.46875, 4] (C/D), erfc on (4, ∞) (P/Q).
    private static ReadOnlySpan<double> A => [3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
    private static ReadOnlySpan<double> B => [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
    private static ReadOnlySpan<double> C => [5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2,
                                              8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8];
    private static ReadOnlySpan<double> D => [1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
                                              3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3];
    private static ReadOnlySpan<double> P => [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
                                              6.58749161529837803e-4, 1.63153871373020978e-2];
    private static ReadOnlySpan<double> Q => [2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2,
                                              2.33520497626869185e-3];
    private const double InvSqrtPi = 5.6418958354775628695e-1;

    /// <summary>The complementary error function.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double y = Math.Abs(x);
        if (y <= 0.46875)
        {
            double z = y * y;
            double num = A[4] * z, den = z;
            for (int i = 0; i < 3; i++) { num = (num + A[i]) * z; den = (den + B[i]) * z; }
            return 1.0 - x * (num + A[3]) / (den + B[3]);
        }
        double tail = y < 26.543 ? ExpMinusSquare(y) * ScaledErfcAbove(y) : 0; // erfc(|x|)
        return x < 0 ? 2.0 - tail : tail;
    }

    /// <summary>e^{y²}·erfc(y) for y &gt; 0.46875 (Cody's second and third intervals).</summary>
    private static double ScaledErfcAbove(double y)
    {
        if (y <= 4.0)
        {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++) { num = (num + C[i]) * y; den = (den + D[i]) * y; }
            return (num + C[7]) / (den + D[7]);
        }
        double z = 1.0 / (y * y);
        double pn = P[5] * z, pd = z;
        for (int i = 0; i < 4; i++) { pn = (pn + P[i]) * z; pd = (pd + Q[i]) * z; }
        return (InvSqrtPi - z * (pn + P[4]) / (pd + Q[4])) / y;
    }

    /// <summary>e^{−y²} as e^{−s² − (y−s)(y+s)} with s = y rounded down to 1/16 (Cody's split: s² is exact).</summary>
    private static double ExpMinusSquare(double y)
    {
        double s = Math.Floor(16.0 * y) / 16.0;
        return Math.Exp(-s * s - (y - s) * (y + s));
    }

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
    /// (1e-3 there); with 0 this is the exact truncated mean, kept finite and accurate for bins arbitrarily far in a
    /// tail by scaling numerator and denominator by the near edge's e^{−β²/2}.
    /// </summary>
    public static double TruncatedMean(double mean, double lower, double upper, double sigma, double minProbability = 0)
    {
        double alpha = (upper - mean) / sigma, beta = (lower - mean) / sigma;
        // ratio = (φ(α) − φ(β)) / max(P, floor)
        double ratio;
        if (beta > 0) ratio = OneSidedRatio(alpha, beta, minProbability);
        else if (alpha < 0) ratio = -OneSidedRatio(-beta, -alpha, minProbability);
        else
        {
            Edge(alpha, out double tailA, out double pdfA);
            Edge(beta, out double tailB, out double pdfB);
            double p = Math.Max(1.0 - tailA - tailB, minProbability);
            ratio = (pdfA - pdfB) / p;
        }
        return mean - sigma * ratio;
    }

    /// <summary>
    /// (φ(far) − φ(near)) / max(P(near ≤ Z ≤ far), floor) for 0 &lt; near &lt; far (far may be +∞), computed relative to
    /// e^{−near²/2} so that neither term underflows: with S(x) = e^{x²/2}·2·Q(x), P = ½e^{−near²/2}(S(near) − r·S(far)),
    /// r = e^{−(far² − near²)/2}.
    /// </summary>
    private static double OneSidedRatio(double far, double near, double minProbability)
    {
        double r = double.IsPositiveInfinity(far) ? 0.0 : Math.Exp(-0.5 * (far - near) * (far + near));
        double numerator = InvSqrt2Pi * (double.IsPositiveInfinity(far) ? -1.0 : double.ExpM1(-0.5 * (far - near) * (far + near)));
        double denominator = 0.5 * (ScaledErfc(near * InvSqrt2) - (r == 0 ? 0 : r * ScaledErfc(far * InvSqrt2)));
        if (minProbability > 0)
        {
            double scale = Math.Exp(-0.5 * near * near);
            if (denominator * scale < minProbability) return numerator * scale / minProbability;
        }
        return numerator / denominator;
    }

    /// <summary>e^{y²}·erfc(y) for y ≥ 0.</summary>
    private static double ScaledErfc(double y) => y <= 0.46875 ? Math.Exp(y * y) * Erfc(y) : ScaledErfcAbove(y);

    /// <summary>Q(|x|) = P(Z &gt; |x|) and φ(x), sharing the exponential e^{−x²/2}.</summary>
    public static void Edge(double x, out double tail, out double pdf)
    {
        if (double.IsInfinity(x)) { tail = 0; pdf = 0; return; }
        double y = Math.Abs(x) * InvSqrt2;
        if (y <= 0.46875)
        {
            tail = 0.5 * Erfc(y);
            pdf = InvSqrt2Pi * Math.Exp(-y * y);
            return;
        }
        double e = ExpMinusSquare(y);
        pdf = InvSqrt2Pi * e;
        tail = 0.5 * e * ScaledErfcAbove(y);
    }
}
