using AlignLab.Core.Numerics;
namespace AlignLab.Methods.Dynamics;

/// <summary>Settings of a full-batch gradient-descent run.</summary>
/// <param name="Iterations">Maximum number of updates.</param>
/// <param name="Step">Constant step or Armijo backtracking.</param>
/// <param name="StopRelativeLoss">Stop once f/reference is at or below this (0 = never); double precision resolves ~1e-12.</param>
/// <param name="SigmaEvery">Measure σ_min every this many iterations (0 = only at start and end, when a probe is given).</param>
/// <param name="StopReference">The loss <paramref name="StopRelativeLoss"/> is relative to; null means f0. A fixed
/// reference such as the zero predictor's loss makes the stop the same for models whose f0 differ.</param>
public sealed record GradientDescentOptions(int Iterations, StepRule Step, double StopRelativeLoss = 0.0, int SigmaEvery = 0,
                                            double? StopReference = null);

/// <summary>Full-batch gradient descent with per-iteration logging of loss, gradient norm, step and σ_min.</summary>
public static class GradientDescent
{
    /// <param name="objective">The loss (its gradient is zero on frozen weights).</param>
    /// <param name="parameters">Start point, updated in place to the end point.</param>
    /// <param name="options">Iterations, step rule, stop threshold.</param>
    /// <param name="sigmaMin">Optional probe W ↦ σ_min(C(W)); it is expensive (an SVD), hence <c>SigmaEvery</c>.</param>
    /// <param name="cancel">Checked every iteration.</param>
    public static TrainingLog Run(IDifferentiableObjective objective, double[] parameters, GradientDescentOptions options,
                                  Func<double[], double>? sigmaMin = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        if (parameters.Length != objective.Dimension)
            throw new ArgumentException($"parameters: expected {objective.Dimension} values, got {parameters.Length}", nameof(parameters));
        if (options.Iterations < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "iterations must be ≥ 0");

        var loss = new List<double>(options.Iterations + 1);
        var gradNorm = new List<double>(options.Iterations + 1);
        var steps = new List<double>(options.Iterations);
        var sigma = new List<(int, double)>();
        var gradient = new double[parameters.Length];
        var candidate = new double[parameters.Length];

        double f = objective.LossAndGradient(parameters, gradient);
        double g2 = DenseKernels.SumOfSquares(gradient);
        loss.Add(f);
        gradNorm.Add(Math.Sqrt(g2));
        if (sigmaMin is not null) sigma.Add((0, sigmaMin(parameters)));
        double stopLoss = options.StopRelativeLoss * (options.StopReference ?? f);
        double eta = options.Step is ArmijoStep a0 ? a0.InitialEta / 2 : 0.0;
        var stop = StopReason.Iterations;

        for (int t = 0; t < options.Iterations; t++)
        {
            cancel.ThrowIfCancellationRequested();
            if (options.StopRelativeLoss > 0 && f <= stopLoss) { stop = StopReason.Converged; break; }
            if (g2 == 0.0) { stop = StopReason.StepUnderflow; break; }
            if (options.Step is ConstantStep constant)
            {
                eta = constant.Eta;
                Descend(parameters, gradient, eta, parameters);
            }
            else
            {
                var armijo = (ArmijoStep)options.Step;
                eta *= 2;
                int halvings = 0;
                while (true)
                {
                    Descend(parameters, gradient, eta, candidate);
                    if (objective.Loss(candidate) <= f - armijo.Sufficient * eta * g2) break;
                    if (++halvings > armijo.MaxHalvings) break;
                    eta *= 0.5;
                }
                if (halvings > armijo.MaxHalvings) { stop = StopReason.StepUnderflow; break; }
                Array.Copy(candidate, parameters, parameters.Length);
            }
            steps.Add(eta);
            f = objective.LossAndGradient(parameters, gradient);
            g2 = DenseKernels.SumOfSquares(gradient);
            loss.Add(f);
            gradNorm.Add(Math.Sqrt(g2));
            if (sigmaMin is not null && options.SigmaEvery > 0 && (t + 1) % options.SigmaEvery == 0)
                sigma.Add((t + 1, sigmaMin(parameters)));
            if (!double.IsFinite(f)) { stop = StopReason.Diverged; break; }
        }
        if (stop == StopReason.Iterations && options.StopRelativeLoss > 0 && f <= stopLoss)
            stop = StopReason.Converged;
        int last = loss.Count - 1;
        if (sigmaMin is not null && sigma[^1].Item1 != last && double.IsFinite(f)) sigma.Add((last, sigmaMin(parameters)));
        return new TrainingLog
        {
            Loss = loss.ToArray(),
            GradientNorm = gradNorm.ToArray(),
            Step = steps.ToArray(),
            SigmaMin = sigma,
            Stop = stop,
        };
    }

    private static void Descend(double[] from, double[] gradient, double eta, double[] to)
    {
        for (int i = 0; i < from.Length; i++) to[i] = from[i] - eta * gradient[i];
    }
}
