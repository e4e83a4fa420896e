namespace AlignLab.Methods.Irl;

/// <summary>
/// The ML-IRL objective and its gradients (brief §2.1), exact and in float64.
/// L(θ) = Σ_{s,a} d̂(s, a) log π_θ(a|s) is the discounted demonstration log-likelihood (per unit of discounted time),
/// with π_θ the soft-optimal policy of r_θ.
/// </summary>
public static class DemonstrationLikelihood
{
    public static double LogLikelihood(Demonstrations demos, ReadOnlySpan<double> logPolicy)
    {
        double sum = 0;
        var w = demos.Weights;
        for (int i = 0; i < w.Length; i++) if (w[i] > 0) sum += w[i] * logPolicy[i];
        return sum;
    }

    /// <summary>
    /// The largest likelihood any policy reaches on these demonstrations, Σ_s d̂(s) Σ_a p̂(a|s) log p̂(a|s) (Gibbs'
    /// inequality state by state). With exact occupancy p̂ = π_E, which is soft-optimal for the true reward, so a reward
    /// class containing r* attains it: it is the global optimum L* of the likelihood gaps.
    /// </summary>
    public static double BestAchievable(Demonstrations demos)
    {
        int actions = demos.Mdp.ActionCount;
        var state = demos.StateWeights();
        double sum = 0;
        for (int i = 0; i < demos.Weights.Length; i++)
        {
            double w = demos.Weights[i];
            if (w > 0) sum += w * Math.Log(w / state[i / actions]);
        }
        return sum;
    }

    /// <summary>
    /// Exact ∇L(θ) = Σ w(s, a) ∇r_θ(s, a) at the soft-optimal policy π_θ (given as its log). Differentiating
    /// log π = Q − V through the soft Bellman fixed point gives ∇Q = (I − γPΠ)^{-1} ∇r, so
    /// w = (I − γPΠ)^{-ᵀ} c with c(s, a) = d̂(s, a) − d̂(s) π(a|s); the (S·A)-sized system reduces to the state system
    /// (I − γP_πᵀ) u = Pᵀc, w = c + γ π u. With exact occupancy this equals d_E − d_π (tested).
    /// </summary>
    public static double[] Gradient(Demonstrations demos, ReadOnlySpan<double> logPolicy, IRewardModel model)
    {
        var flow = new StateFlow(demos.Mdp, logPolicy);
        var w = SuccessorWeights(demos, flow);
        var gradient = new double[model.ParameterCount];
        model.AddGradient(w, gradient);
        return gradient;
    }

    /// <summary>The weights w of <see cref="Gradient"/> (the gradient with respect to a state-action reward table).</summary>
    public static double[] SuccessorWeights(Demonstrations demos, StateFlow flow)
    {
        var mdp = demos.Mdp;
        int actions = mdp.ActionCount;
        var stateWeights = demos.StateWeights();
        var c = new double[demos.Weights.Length];
        for (int i = 0; i < c.Length; i++) c[i] = demos.Weights[i] - stateWeights[i / actions] * flow.Policy[i];
        var u = new double[mdp.StateCount];
        mdp.AccumulateFlow(c, u);
        flow.Solve(u);
        for (int i = 0; i < c.Length; i++) c[i] += mdp.Gamma * flow.Policy[i] * u[i / actions];
        return c;
    }

    /// <summary>
    /// The ML-IRL stochastic-gradient direction used by the algorithms: Σ (d̂ − d_π)(s, a) ∇r(s, a), "expert minus agent
    /// discounted feature expectations" (brief §2.1), with the agent occupancy d_π of the current policy.
    /// </summary>
    public static void AddMlIrlDirection(Demonstrations demos, ReadOnlySpan<double> agentOccupancy, IRewardModel model, Span<double> gradient)
    {
        var difference = new double[agentOccupancy.Length];
        for (int i = 0; i < difference.Length; i++) difference[i] = demos.Weights[i] - agentOccupancy[i];
        model.AddGradient(difference, gradient);
    }
}
