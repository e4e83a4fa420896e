namespace AlignLab.Methods.Irl;

/// <summary>
/// The three reference likelihoods of one demonstration set, each answering a different question:
/// <see cref="Optimum"/> L_opt = max over state-only rewards (what a state-only learner can reach; gaps to it measure
/// optimisation), <see cref="TrueReward"/> L(r*) (the expert's own reward; NaN without one) and
/// <see cref="Conditional"/> L* (the empirical conditional-entropy bound, reachable only when every demonstrated action
/// frequency is soft-optimal for some state-only reward, e.g. exact occupancy). L(r*) ≤ L_opt ≤ L*.
/// </summary>
public sealed record LikelihoodBounds(double Conditional, double TrueReward, double Optimum, double[] OptimumStateReward, double OptimumGradientNormSquared)
{
    public static LikelihoodBounds Compute(Demonstrations demos)
    {
        var mdp = demos.Mdp;
        double truth = double.NaN;
        if (mdp.HasTrueReward)
        {
            var q = SoftBellman.OptimalQ(mdp, mdp.TrueReward, 1e-12);
            truth = DemonstrationLikelihood.LogLikelihood(demos, SoftBellman.LogPolicy(q, mdp.ActionCount));
        }
        var optimum = LikelihoodOptimum.StateOnly(demos);
        return new LikelihoodBounds(DemonstrationLikelihood.BestAchievable(demos), truth, optimum.Likelihood, optimum.StateReward, optimum.GradientNormSquared);
    }
}
