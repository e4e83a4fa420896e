using System.Diagnostics;

namespace AlignLab.Methods.Irl;

/// <summary>
/// Maximum-likelihood IRL with any reward model and any lower-level learner. Per step k: (1) the learner moves π
/// towards the soft-optimal policy of r_θk (nested: solve; single loop: one backup; neural: a few TD steps); (2) the
/// exact state system of π_{k+1} is factorised (the tabular stand-in for the agent's rollouts, one occupancy solve);
/// (3) θ ← Proj(θ + α Σ w ∇r_θ) with w the likelihood weights at π_{k+1}: the paper's "expert minus agent" direction
/// d̂ − d_π plus the correction for the demonstrations' flow residual (<see cref="DemonstrationLikelihood"/>). So the
/// objective ascended is the likelihood L that is reported; with exact occupancy the step is the paper's direction.
/// </summary>
public static class MlIrl
{
    public static MlIrlResult Run(Demonstrations demos, IRewardModel model, IPolicyLearner learner, MlIrlSettings settings,
                                  IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(demos);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var mdp = demos.Mdp;
        var evaluation = new IrlEvaluation(mdp);
        var meter = new CostMeter();
        var bounds = demos.Bounds;
        double optimum = model.Input == RewardInput.State ? bounds.Optimum : bounds.Conditional;
        var diagnosticQ = new double[mdp.StateCount * mdp.ActionCount];
        var reward = new double[diagnosticQ.Length];
        var gradient = new double[model.ParameterCount];
        var trace = new List<MlIrlPoint>();
        double[] logPolicy = [];
        MlIrlPoint? final = null;

        for (int k = 0; k < settings.Iterations; k++)
        {
            cancel.ThrowIfCancellationRequested();
            model.Evaluate(reward);
            var before = (meter.BellmanBackups, meter.CriticUpdates, meter.EnvironmentSteps);
            logPolicy = learner.Step(reward, meter);
            var flow = new StateFlow(mdp, logPolicy);
            meter.OccupancySolves++;
            if (k % settings.RecordEvery == 0)
            {
                var point = Diagnose(k, before, demos, model, reward, diagnosticQ, logPolicy, evaluation, optimum);
                trace.Add(point);
                if (point.GradientNormSquared < settings.Tolerance)
                {
                    final = point;
                    break;
                }
            }
            Array.Clear(gradient);
            model.AddGradient(DemonstrationLikelihood.SuccessorWeights(demos, flow), gradient);
            var theta = model.Parameters;
            for (int i = 0; i < theta.Length; i++) theta[i] += settings.StepSize * gradient[i];
            model.Project();
            progress?.Report((k + 1.0) / settings.Iterations);
        }

        bool converged = final is not null;
        if (final is null)
        {
            model.Evaluate(reward);
            final = Diagnose(settings.Iterations, (meter.BellmanBackups, meter.CriticUpdates, meter.EnvironmentSteps),
                             demos, model, reward, diagnosticQ, logPolicy, evaluation, optimum);
            converged = settings.Tolerance > 0 && final.GradientNormSquared < settings.Tolerance;
        }
        double weightChange = model is TwoLayerReluReward net ? net.DistanceFromInit() / net.InitNorm() : double.NaN;
        return new MlIrlResult(learner.Name, model.Name, trace, final, converged, evaluation.RewardCorrelation(reward), evaluation.RewardScale(reward),
                               weightChange, (double[])reward.Clone(), logPolicy, meter, bounds, clock.Elapsed);
    }

    private static MlIrlPoint Diagnose(int k, (long Backups, long Critic, long Env) cost, Demonstrations demos, IRewardModel model,
                                       double[] reward, double[] diagnosticQ, double[] learnerLogPolicy, IrlEvaluation evaluation, double optimum)
    {
        var mdp = demos.Mdp;
        SoftBellman.Solve(mdp, reward, diagnosticQ, 1e-11); // warm-started ground truth, not charged
        var optimal = SoftBellman.LogPolicy(diagnosticQ, mdp.ActionCount);
        double likelihood = DemonstrationLikelihood.LogLikelihood(demos, optimal);
        var exactGradient = DemonstrationLikelihood.Gradient(demos, optimal, model);
        double norm = 0;
        foreach (double g in exactGradient) norm += g * g;
        return new MlIrlPoint(k, cost.Backups, cost.Critic, cost.Env, likelihood, optimum - likelihood, norm,
                              IrlEvaluation.MaxKl(optimal, learnerLogPolicy, mdp.ActionCount),
                              evaluation.NormalizedReturn(learnerLogPolicy), evaluation.ExpertKl(optimal));
    }
}
