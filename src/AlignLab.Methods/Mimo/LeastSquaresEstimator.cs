namespace AlignLab.Methods.Mimo;

/// <summary>
/// Baseline: dequantize every measurement to its bin centre and take the minimum-norm least-squares channel,
/// ĥ = Mᵀ(MMᵀ + εI)^{-1} z / c (ε a tiny ridge relative to the mean of diag MMᵀ). With R &lt; P it only sees the row
/// space of M, so its NMSE cannot go much below 1 − R/P: it shows why structure is needed.
/// </summary>
public sealed class LeastSquaresEstimator : IChannelEstimator
{
    public LeastSquaresEstimator(double relativeRidge = 1e-9)
    {
        if (!(relativeRidge > 0)) throw new ArgumentException($"ridge must be positive, got {relativeRidge}.", nameof(relativeRidge));
        RelativeRidge = relativeRidge;
    }

    public double RelativeRidge { get; }
    public string Name => "LS";

    public ChannelEstimate Estimate(BaseStationInput input) => new(input.Unscale(ScaledEstimate(input)));

    /// <summary>The minimum-norm solution in scaled units (length P).</summary>
    public double[] ScaledEstimate(BaseStationInput input)
    {
        var m = input.Sensing;
        var gram = input.Gram;
        double trace = 0;
        for (int i = 0; i < m.Rows; i++) trace += gram[i * m.Rows + i];
        double ridge = RelativeRidge * trace / m.Rows;
        var inverse = new WoodburyInverse(m, ridge, 1.0, gram);
        var coefficients = new double[m.Rows];
        inverse.ApplyGramInverse(input.Feedback.Reconstructed, coefficients);
        var h = new double[m.Columns];
        m.MultiplyTransposed(coefficients, h);
        return h;
    }
}
