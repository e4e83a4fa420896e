using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// REDEEM: the maximum-likelihood channel under the K-path model by ADMM on the split u = r(Θ):
/// (1) r ← HR_K(U − Λ/ρ) by 2-D RELAX; (2) u ← argmin f(u) − ⟨λ, u⟩ + (ρ/2)‖r − u‖² by EM/MM;
/// (3) λ ← λ + ρ(r − u); stop when u moves less than the tolerance. Starts from u = λ = 0 (the first RELAX call sees
/// a zero matrix), works in the UE's scaled units and returns the last structured iterate divided by the scale.
/// </summary>
public sealed class RedeemEstimator : IChannelEstimator
{
    public RedeemEstimator(RedeemSettings? settings = null)
    {
        Settings = settings ?? new RedeemSettings();
        Settings.Validate();
    }

    public RedeemSettings Settings { get; }
    public string Name => "REDEEM";

    public ChannelEstimate Estimate(BaseStationInput input)
    {
        var s = Settings;
        int nr = input.Rows, nt = input.Columns, half = nr * nt, p = 2 * half, r = input.Sensing.Rows;
        var woodbury = new WoodburyInverse(input.Sensing, s.Rho, input.Feedback.Sigma, input.Gram);
        var step = new LikelihoodStep(woodbury, input.Feedback, s.EmIterations, s.MinIntervalProbability, s.Nesterov);
        var relax = new Relax2D(nr, nt, s.RelaxOrDefault);
        var trace = s.RecordTrace ? new RedeemTrace() : null;

        var u = new double[p];
        var mu = new double[r];
        var lambda = new double[p];
        var previous = new double[p];
        var target = new double[p];
        var structured = new ChannelMatrix(nr, nt);
        PropagationPath[] paths = [];
        int iterations = 0;
        for (int iteration = 1; iteration <= s.MaxIterations; iteration++)
        {
            iterations = iteration;
            Array.Copy(u, previous, p);
            for (int i = 0; i < p; i++) target[i] = u[i] - lambda[i] / s.Rho;
            paths = relax.Fit(target.AsSpan(0, half), target.AsSpan(half), input.ModelPaths);
            Array.Clear(structured.Vector);
            foreach (var path in paths) MultipathChannel.AddPath(structured.Real, structured.Imaginary, nr, nt, path, +1);

            step.Solve(lambda, structured.Vector, u, mu);
            for (int i = 0; i < p; i++) lambda[i] += s.Rho * (structured.Vector[i] - u[i]);

            double change = Math.Sqrt(DenseKernels.SquaredDistance(u, previous));
            if (trace is not null)
            {
                trace.PrimalResidual.Add(Math.Sqrt(DenseKernels.SquaredDistance(u, structured.Vector)));
                trace.Step.Add(change);
                trace.Structured.Add(structured.Scaled(1.0 / input.Feedback.Scale).Vector);
            }
            if (change < s.Tolerance) break;
        }
        double inverseScale = 1.0 / input.Feedback.Scale;
        var unscaledPaths = new PropagationPath[paths.Length];
        for (int k = 0; k < paths.Length; k++) unscaledPaths[k] = paths[k] with { Gain = paths[k].Gain * inverseScale };
        return new ChannelEstimate(structured.Scaled(inverseScale), unscaledPaths, iterations, trace);
    }
}
