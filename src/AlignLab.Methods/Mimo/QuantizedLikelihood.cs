namespace AlignLab.Methods.Mimo;

/// <summary>
/// The negative log-likelihood of the received bins under q = M·h + Gaussian(0, σ²):
/// f(h) = −Σ_r log[Φ((u_r − m_rᵀh)/σ) − Φ((ℓ_r − m_rᵀh)/σ)], convex in h. Its gradient is
/// Σ_r m_r (m_rᵀh − ỹ_r)/σ² with ỹ_r the truncated-Gaussian mean, which is why the EM step is an MM step on f.
/// All quantities in the UE's scaled units.
/// </summary>
public sealed class QuantizedLikelihood
{
    public QuantizedLikelihood(SensingMatrix sensing, QuantizedFeedback feedback)
    {
        if (feedback.Measurements != sensing.Rows)
            throw new ArgumentException($"feedback has {feedback.Measurements} measurements but the sensing matrix has {sensing.Rows} rows.", nameof(feedback));
        Sensing = sensing;
        Feedback = feedback;
    }

    public SensingMatrix Sensing { get; }
    public QuantizedFeedback Feedback { get; }
    public double Sigma => Feedback.Sigma;

    public double NegativeLogLikelihood(ReadOnlySpan<double> h)
    {
        var mean = new double[Sensing.Rows];
        Sensing.Multiply(h, mean);
        double total = 0, sigma = Sigma;
        for (int r = 0; r < mean.Length; r++)
        {
            double upper = (Feedback.Upper[r] - mean[r]) / sigma, lower = (Feedback.Lower[r] - mean[r]) / sigma;
            total -= LogInterval(upper, lower);
        }
        return total;
    }

    /// <summary>
    /// ∇f(h) = Mᵀ d, d_r = (φ(α_r) − φ(β_r)) / (σ·P_r) = (m_rᵀh − ỹ_r)/σ², evaluated through the exact truncated mean
    /// so that bins far in a tail (P_r underflowing) still give a finite, accurate gradient.
    /// </summary>
    public void Gradient(ReadOnlySpan<double> h, Span<double> gradient)
    {
        var d = new double[Sensing.Rows];
        Sensing.Multiply(h, d);
        double sigma = Sigma;
        for (int r = 0; r < d.Length; r++)
            d[r] = (d[r] - NormalDistribution.TruncatedMean(d[r], Feedback.Lower[r], Feedback.Upper[r], sigma)) / (sigma * sigma);
        Sensing.MultiplyTransposed(d, gradient);
    }

    /// <summary>log P(lower ≤ Z ≤ upper); far in a tail where P underflows, the leading Mills-ratio term of the near edge.</summary>
    private static double LogInterval(double upper, double lower)
    {
        double p = NormalDistribution.IntervalProbability(upper, lower);
        if (p > 0) return Math.Log(p);
        double edge = lower > 0 ? lower : -upper; // distance of the near edge from the mean, > 0 here
        return -0.5 * edge * edge - Math.Log(edge * Math.Sqrt(2 * Math.PI));
    }
}
