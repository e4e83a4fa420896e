namespace AlignLab.Methods.Mimo;

/// <summary>
/// Baseline: one K-path RELAX projection of the least-squares estimate — the structure without the likelihood
/// iterations, isolating what REDEEM's ADMM adds.
/// </summary>
public sealed class LsRelaxEstimator(RelaxSettings? relax = null) : IChannelEstimator
{
    private readonly LeastSquaresEstimator _ls = new();
    public RelaxSettings Relax { get; } = relax ?? new RelaxSettings();
    public string Name => "LS+RELAX";

    public ChannelEstimate Estimate(BaseStationInput input)
    {
        var ls = _ls.Estimate(input).Channel;
        var projected = new Relax2D(input.Rows, input.Columns, Relax).Project(ls, input.ModelPaths, out var paths);
        return new ChannelEstimate(projected, paths);
    }
}
