using System.Diagnostics;

namespace AlignLab.Methods.Irl;

/// <summary>
/// Maximum-likelihood IRL (brief §2.1–2.2) with any reward model and any lower-level learner:
/// per step k, (1) the learner moves π towards the soft-optimal policy of r_θk (nested: solve; single loop: one
/// backup; neural: a few TD steps), (2) the agent occupancy d_{π_{k+1}} is computed exactly (the tabular stand-in
/// for the agent rollouts), (3) θ ← Proj(θ + α Σ (d̂ − d_{π_{k+1}}) ∇r_θ).
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
        double best = DemonstrationLikelihood.BestAchievable(demos);
        var diagnosticQ = new double[mdp.StateCount * mdp.ActionCount];
        var reward = new double[diagnosticQ.Length];
        var gradient = new double[model.ParameterCount];
        var trace = new List<MlIrlPoint>();
        double[] logPolicy = [];

        for (int k = 0; k < settings.Iterations; k++)
        {
            cancel.ThrowIfCancellationRequested();
            model.Evaluate(reward);
            var before = (meter.BellmanBackups, meter.CriticUpdates, meter.EnvironmentSteps);
            logPolicy = learner.Step(reward, meter);
            var occupancy = new StateFlow(mdp, logPolicy).Occupancy(meter);
            if (k % settings.RecordEvery == 0)
                trace.Add(Diagnose(k, before, demos, model, reward, diagnosticQ, logPolicy, evaluation, best));
            Array.Clear(gradient);
            DemonstrationLikelihood.AddMlIrlDirection(demos, occupancy, model, gradient);
            var theta = model.Parameters;
            for (int i = 0; i < theta.Length; i++) theta[i] += settings.StepSize * gradient[i];
            model.Project();
            progress?.Report((k + 1.0) / settings.Iterations);
        }

        model.Evaluate(reward);
        var final = Diagnose(settings.Iterations, (meter.BellmanBackups, meter.CriticUpdates, meter.EnvironmentSteps),
                             demos, model, reward, diagnosticQ, logPolicy, evaluation, best);
        return new MlIrlResult(learner.Name, model.Name, trace, final, evaluation.RewardCorrelation(reward), (double[])reward.Clone(),
                               logPolicy, meter, best, clock.Elapsed);
    }

    private static MlIrlPoint Diagnose(int k, (long Backups, long Critic, long Env) cost, Demonstrations demos, IRewardModel model,
                                       double[] reward, double[] diagnosticQ, double[] learnerLogPolicy, IrlEvaluation evaluation, double best)
    {
        var mdp = demos.Mdp;
        SoftBellman.Solve(mdp, reward, diagnosticQ, 1e-11); // warm-started ground truth, not charged
        var optimal = SoftBellman.LogPolicy(diagnosticQ, mdp.ActionCount);
        double likelihood = DemonstrationLikelihood.LogLikelihood(demos, optimal);
        var exactGradient = DemonstrationLikelihood.Gradient(demos, optimal, model);
        double norm = 0;
        foreach (double g in exactGradient) norm += g * g;
        return new MlIrlPoint(k, cost.Backups, cost.Critic, cost.Env, likelihood, best - likelihood, norm,
                              IrlEvaluation.MaxKl(optimal, learnerLogPolicy, mdp.ActionCount),
                              evaluation.NormalizedReturn(learnerLogPolicy));
    }
}
