namespace AlignLab.Methods.Mimo;

/// <summary>
/// What the base station receives, in the UE's scaled units: each measurement's bin [Lower, Upper], the
/// reconstruction points, the scale c (scaled = c·q) and the σ the likelihood should use.
/// </summary>
public sealed class QuantizedFeedback
{
    public QuantizedFeedback(int bits, int[] levels, double[] lower, double[] upper, double[] reconstructed,
                             double scale, double sigma, bool openOuterBins, BitBudget budget)
    {
        int r = levels.Length;
        if (lower.Length != r || upper.Length != r || reconstructed.Length != r)
            throw new ArgumentException($"feedback arrays disagree in length: levels {r}, lower {lower.Length}, upper {upper.Length}, reconstructed {reconstructed.Length}.");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentException($"scale must be positive and finite, got {scale}.", nameof(scale));
        if (!(sigma > 0)) throw new ArgumentException($"sigma must be positive, got {sigma}.", nameof(sigma));
        Bits = bits; Levels = levels; Lower = lower; Upper = upper; Reconstructed = reconstructed;
        Scale = scale; Sigma = sigma; OpenOuterBins = openOuterBins; Budget = budget;
    }

    public int Bits { get; }
    public int Measurements => Levels.Length;
    public int[] Levels { get; }
    public double[] Lower { get; }
    public double[] Upper { get; }
    public double[] Reconstructed { get; }
    /// <summary>c: scaled = c·q; estimates in scaled units are divided by c at the end.</summary>
    public double Scale { get; }
    /// <summary>Standard deviation of the Gaussian the likelihood assumes, in scaled units.</summary>
    public double Sigma { get; }
    public bool OpenOuterBins { get; }
    public BitBudget Budget { get; }
}
