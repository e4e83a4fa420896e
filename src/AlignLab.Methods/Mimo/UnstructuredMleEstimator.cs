namespace AlignLab.Methods.Mimo;

/// <summary>
/// Baseline: the quantized-likelihood MLE with no channel structure, argmin_u f(u) + (ρ/2)‖u‖² — REDEEM's u-update
/// alone with λ = r = 0 and a small ridge ρ (it keeps the unobserved directions at zero). Like LS it can only
/// recover the row space of M; it shows what the likelihood adds over bin centres.
/// </summary>
public sealed class UnstructuredMleEstimator : IChannelEstimator
{
    public UnstructuredMleEstimator(double ridge = 1e-2, int iterations = 300)
    {
        if (!(ridge > 0)) throw new ArgumentException($"ridge must be positive, got {ridge}.", nameof(ridge));
        if (iterations < 1) throw new ArgumentException($"iterations must be >= 1, got {iterations}.", nameof(iterations));
        Ridge = ridge;
        Iterations = iterations;
    }

    public double Ridge { get; }
    public int Iterations { get; }
    public string Name => "MLE (unstructured)";

    public ChannelEstimate Estimate(BaseStationInput input)
    {
        int p = input.Sensing.Columns;
        var woodbury = new WoodburyInverse(input.Sensing, Ridge, input.Feedback.Sigma, input.Gram);
        var step = new LikelihoodStep(woodbury, input.Feedback, Iterations, minIntervalProbability: 1e-3);
        var u = new double[p];
        var mu = new double[input.Sensing.Rows];
        var zero = new double[p];
        step.Solve(zero, zero, u, mu);
        return new ChannelEstimate(input.Unscale(u), Iterations: Iterations);
    }
}
