using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Irl.Experiments;

/// <summary>What the IRL reports share: the paper, the gridworld setup, the objective, the seeds and the result columns.</summary>
internal static class IrlReporting
{
    public const string Paper =
        "Understanding Inverse Reinforcement Learning under Overparameterization: Non-Asymptotic Analysis and Global Optimality (Zhang, Zeng, Li, Garcia, Hong; AISTATS 2025, arXiv 2503.17865)";

    public const string PrecisionNote =
        "The MDP tools, the rewards and the reward steps run in float64: the likelihood gaps and squared gradient norms the " +
        "claims compare go down to 1e-8–1e-12, below float32's resolution of the likelihood (~1e-7 relative). The neural " +
        "soft-Q critic runs on the float32 engine (Linear, Adam, autograd), where TD noise dwarfs rounding.";

    public const string GridNote =
        "Gridworld: 8×8, actions up/down/left/right/stay, slip 0.1 to a uniformly random move, γ = 0.9, starts " +
        "uniform on the bottom-left 2×2 cells. True reward r*(s) = 3·(goal bump σ = 1.5 at the top right + 0.5·bump at the " +
        "bottom right − 1 on a 2×2 lava patch in the middle), nonlinear in the coordinates. Expert: the exact soft-optimal " +
        "(temperature 1) policy of r*. Reward inputs: (x, y, 1) scaled to [−1, 1]² and normalised to unit length.";

    public const string ObjectiveNote =
        "Objective: every run ascends the exact discounted demonstration log-likelihood L(θ) = Σ d̂(s, a) log π_θ(a|s), the " +
        "objective the tables report. Its gradient is the paper's \"expert minus agent\" direction d̂ − d_π plus a correction " +
        "for the flow residual ρ = d̂_S − (1 − γ)η − γPᵀd̂ of the demonstrations (sampled, 40-step trajectories are no exact " +
        "flow of the dynamics; with exact occupancy ρ = 0 and the step is the paper's direction). The direction alone is the " +
        "gradient of the telescoped surrogate L + ρ·V_θ, which has no maximiser on sampled demonstrations (it lowers the reward " +
        "of never-visited states forever) and whose fixed point is biased by the 40-step horizon. Reference likelihoods of the " +
        "demonstrations: L_opt = max over state-only rewards (damped Newton to ‖∇L‖² < 1e-12), L(r*) = the expert's own " +
        "reward, L* = minus the empirical conditional entropy (no state-only reward reaches it on sampled demonstrations); " +
        "L(r*) ≤ L_opt ≤ L*.";

    public const string CostNote =
        "Cost meter: one Bellman backup = one soft Bellman sweep over all (s, a). The likelihood weights of the reward step " +
        "come from an exact S×S factorisation of the learner's policy in every algorithm (the tabular stand-in for the agent's " +
        "rollouts; one per reward step for every method, so it is counted as an occupancy solve, not as backups). Diagnostics " +
        "(exact likelihood, ‖∇L‖², tracking error, the stopping test) use their own solves and are never charged.";

    public static FiniteMdp Grid() => GridWorld.Default.Build();

    /// <summary>Independent streams per purpose, all derived from one seed.</summary>
    public static Generator Stream(int seed, ulong purpose) => new Generator((ulong)seed).Fork(purpose);

    /// <summary>The expert's sampled demonstrations for a seed.</summary>
    public static Demonstrations Sampled(FiniteMdp mdp, int count, int horizon, int seed) =>
        Demonstrations.Sample(mdp, SoftOptimalExpert.LogPolicy(mdp), count, horizon, Stream(seed, 1));

    /// <summary>The reference likelihoods of one demonstration set, as a table.</summary>
    public static Table Bounds(string caption, IReadOnlyList<(string Label, LikelihoodBounds Bounds)> sets) => new(caption,
        ["demonstrations", "L* (empirical conditional entropy bound)", "L_opt (best state-only reward)", "L(r*) (true reward)", "L* − L_opt", "L_opt − L(r*)"],
        sets.Select(s => (IReadOnlyList<string>)[s.Label, F(s.Bounds.Conditional, "F5"), F(s.Bounds.Optimum, "F5"), F(s.Bounds.TrueReward, "F5"),
                                                  G(s.Bounds.Conditional - s.Bounds.Optimum), G(s.Bounds.Optimum - s.Bounds.TrueReward)]).ToList());

    /// <summary>Final-metric columns every run table shares.</summary>
    public static readonly string[] RunColumns =
        ["converged", "reward steps", "‖∇L‖²", "L − L_opt gap", "normalized return", "reward corr.", "reward scale", "KL(π_E ‖ π_θ)"];

    public static IEnumerable<string> RunCells(MlIrlResult r) =>
        [r.Converged ? "yes" : "no", Int(r.Final.Iteration), G(r.Final.GradientNormSquared), G(r.Final.Gap), F(r.Final.NormalizedReturn),
         F(r.RewardCorrelation), F(r.RewardScale), G(r.Final.ExpertKl)];

    public static Dictionary<string, object?> RunMetrics(MlIrlResult r) => new()
    {
        ["converged"] = r.Converged, ["iterations"] = r.Final.Iteration, ["gradient_norm_squared"] = r.Final.GradientNormSquared,
        ["likelihood"] = r.Final.Likelihood, ["likelihood_gap_opt"] = r.Final.Gap, ["likelihood_gap_true_reward"] = r.Bounds.TrueReward - r.Final.Likelihood,
        ["likelihood_gap_conditional"] = r.Bounds.Conditional - r.Final.Likelihood, ["normalized_return"] = r.Final.NormalizedReturn,
        ["reward_correlation"] = r.RewardCorrelation, ["reward_scale"] = r.RewardScale, ["expert_kl"] = r.Final.ExpertKl,
        ["relative_weight_change"] = double.IsNaN(r.WeightChange) ? null : r.WeightChange,
        ["backups"] = r.Cost.BellmanBackups, ["critic_updates"] = r.Cost.CriticUpdates, ["environment_steps"] = r.Cost.EnvironmentSteps,
    };

    /// <summary>Least-squares slope of log y on log x (the convergence-rate exponent).</summary>
    public static double LogLogSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = 0, my = 0;
        int n = x.Count;
        for (int i = 0; i < n; i++) { mx += Math.Log(x[i]); my += Math.Log(y[i]); }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = Math.Log(x[i]) - mx;
            sxy += dx * (Math.Log(y[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
