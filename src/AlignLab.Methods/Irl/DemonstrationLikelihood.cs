namespace AlignLab.Methods.Irl;

/// <summary>
/// The ML-IRL objective and its gradients, exact and in float64.
/// L(θ) = Σ_{s,a} d̂(s, a) log π_θ(a|s) is the discounted demonstration log-likelihood (per unit of discounted time),
/// with π_θ the soft-optimal policy of r_θ.
/// Writing log π = Q − V and Q = r + γPV gives L(θ) = S(θ) − Σ_s ρ(s) V_θ(s) with the telescoped surrogate
/// S(θ) = Σ d̂ r_θ − (1 − γ) η·V_θ (whose gradient is the paper's "expert minus agent" direction d̂ − d_π) and the
/// flow residual ρ = d̂_S − (1 − γ)η − γPᵀd̂ (<see cref="FlowResidual"/>): how far the demonstrations' visits are from
/// a flow of the true dynamics. ρ = 0 for exact occupancy, so there S = L; finite or truncated samples make ρ ≠ 0, and
/// then S has no maximiser (a reward can push a never-visited but reachable state down forever) and its fixed point
/// is biased, while L keeps the soft-optimal expert as its stationary point (tested).
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
    /// L*: the largest likelihood any policy reaches on these demonstrations, Σ_s d̂(s) Σ_a p̂(a|s) log p̂(a|s) (minus
    /// the empirical conditional entropy; Gibbs' inequality state by state). With exact occupancy p̂ = π_E, which is
    /// soft-optimal for the true reward, so a reward class containing r* attains it. With sampled demonstrations the
    /// empirical action frequencies are soft-optimal for no state-only reward, so L* is an upper bound that the
    /// state-only optimum L_opt (<see cref="LikelihoodOptimum"/>) stays below.
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
    /// (I − γP_πᵀ) u = Pᵀc, w = c + γ π u. For any π, w = (d̂ − d_π) − (I − γPΠ)^{-ᵀ}(π ρ): the ML-IRL direction plus
    /// a correction by the flow residual ρ, so with exact occupancy w = d_E − d_π (tested).
    /// </summary>
    public static double[] Gradient(Demonstrations demos, ReadOnlySpan<double> logPolicy, IRewardModel model)
    {
        var flow = new StateFlow(demos.Mdp, logPolicy);
        var w = SuccessorWeights(demos, flow);
        var gradient = new double[model.ParameterCount];
        model.AddGradient(w, gradient);
        return gradient;
    }

    /// <summary>
    /// The weights w of <see cref="Gradient"/> (the gradient with respect to a state-action reward table) at the policy
    /// of <paramref name="flow"/>. At a learner's policy π_{k+1} instead of π_θ this is the plug-in gradient the
    /// algorithms step along; it becomes the exact gradient as the learner tracks.
    /// </summary>
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
    /// ρ(s) = d̂_S(s) − (1 − γ)η(s) − γ Σ_{s',a} P(s|s', a) d̂(s', a): zero exactly when d̂ is the occupancy of some
    /// policy in these dynamics. Truncated trajectories (mass missing after the horizon) and sampled transitions make
    /// it non-zero.
    /// </summary>
    public static double[] FlowResidual(Demonstrations demos)
    {
        var mdp = demos.Mdp;
        var inflow = new double[mdp.StateCount];
        mdp.AccumulateFlow(demos.Weights, inflow);
        var residual = demos.StateWeights();
        for (int s = 0; s < residual.Length; s++) residual[s] -= (1 - mdp.Gamma) * mdp.Start[s] + mdp.Gamma * inflow[s];
        return residual;
    }

    /// <summary>
    /// The paper's ML-IRL direction d̂ − d_π, "expert minus agent discounted feature expectations": the gradient of the
    /// telescoped surrogate S, not of L, unless the demonstrations are an exact occupancy (see the class summary).
    /// </summary>
    public static double[] SurrogateDirection(Demonstrations demos, ReadOnlySpan<double> agentOccupancy)
    {
        var difference = new double[agentOccupancy.Length];
        for (int i = 0; i < difference.Length; i++) difference[i] = demos.Weights[i] - agentOccupancy[i];
        return difference;
    }
}
