namespace AlignLab.Methods.Mimo;

/// <summary>
/// Reference floor: RELAX run on the true, unquantized channel. Its error is the K-path model's fitting error alone
/// (≈ 0 on the synthetic generator, larger on clustered channels whose paths RELAX cannot resolve).
/// </summary>
public sealed class OracleEstimator(RelaxSettings? relax = null)
{
    public RelaxSettings Relax { get; } = relax ?? new RelaxSettings();
    public string Name => "Oracle";

    public ChannelEstimate Estimate(ChannelMatrix truth, int paths)
    {
        var projected = new Relax2D(truth.Rows, truth.Columns, Relax).Project(truth, paths, out var fitted);
        return new ChannelEstimate(projected, fitted);
    }
}
