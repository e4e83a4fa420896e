using AlignLab.Core;

namespace AlignLab.Methods.Irl;

/// <summary>
/// Expert demonstrations as discounted state-action weights d̂(s, a) (summing to one) plus, when sampled, the
/// trajectories themselves (behaviour cloning counts them). <see cref="Exact"/> is the "infinite data" mode: the
/// expert's exact occupancy.
/// </summary>
public sealed class Demonstrations
{
    public FiniteMdp Mdp { get; }
    /// <summary>d̂(s, a), index s·A + a, Σ = 1.</summary>
    public double[] Weights { get; }
    /// <summary>The sampled (state, action) sequences; empty for exact occupancy.</summary>
    public IReadOnlyList<(int State, int Action)[]> Trajectories { get; }
    /// <summary>The horizon the weights were built for: null for the infinite-horizon exact occupancy.</summary>
    public int? Horizon { get; }

    private LikelihoodBounds? _bounds;
    /// <summary>L*, L(r*) and the state-only optimum L_opt of these demonstrations (solved once, on first use).</summary>
    public LikelihoodBounds Bounds => LazyInitializer.EnsureInitialized(ref _bounds, () => LikelihoodBounds.Compute(this));

    private Demonstrations(FiniteMdp mdp, double[] weights, IReadOnlyList<(int, int)[]> trajectories, int? horizon)
    {
        Mdp = mdp;
        Weights = weights;
        Trajectories = trajectories;
        Horizon = horizon;
    }

    /// <summary>The exact occupancy of the expert policy (infinite data of infinite horizon).</summary>
    public static Demonstrations Exact(FiniteMdp mdp, ReadOnlySpan<double> expertLogPolicy) =>
        new(mdp, new StateFlow(mdp, expertLogPolicy).Occupancy(), [], null);

    /// <summary>
    /// The expected weights of trajectories of <paramref name="horizon"/> steps (infinitely many demonstrations of
    /// finite horizon): Σ_{t&lt;H} γ^t Pr(s_t = s, a_t = a) normalised to one, propagated exactly from η.
    /// </summary>
    public static Demonstrations Truncated(FiniteMdp mdp, ReadOnlySpan<double> expertLogPolicy, int horizon)
    {
        if (horizon < 1) throw new ArgumentException($"horizon: {horizon} must be at least 1");
        int actions = mdp.ActionCount;
        var state = mdp.Start.ToArray();
        var weights = new double[mdp.StateCount * actions];
        var visits = new double[weights.Length];
        double discount = 1, total = 0;
        for (int t = 0; t < horizon; t++)
        {
            for (int i = 0; i < visits.Length; i++) visits[i] = state[i / actions] * Math.Exp(expertLogPolicy[i]);
            for (int i = 0; i < visits.Length; i++) weights[i] += discount * visits[i];
            total += discount;
            discount *= mdp.Gamma;
            Array.Clear(state);
            mdp.AccumulateFlow(visits, state);
        }
        for (int i = 0; i < weights.Length; i++) weights[i] /= total;
        return new Demonstrations(mdp, weights, [], horizon);
    }

    /// <summary>
    /// <paramref name="count"/> trajectories of <paramref name="horizon"/> steps from η under the expert. The weights are
    /// the discounted visit counts Σ_t γ^t, normalised to sum to one (the likelihood per unit of discounted time). The
    /// likelihood of these weights is maximised by the expert's reward in expectation for any horizon: its gradient at
    /// π_E vanishes state by state. Matching them against an infinite-horizon agent occupancy, as the telescoped
    /// surrogate does, is what biases a finite horizon (see <see cref="DemonstrationLikelihood"/>).
    /// </summary>
    public static Demonstrations Sample(FiniteMdp mdp, ReadOnlySpan<double> expertLogPolicy, int count, int horizon, Generator random)
    {
        if (count < 1) throw new ArgumentException($"demos: {count} trajectories; at least 1 is needed (or use exact occupancy)");
        if (horizon < 1) throw new ArgumentException($"horizon: {horizon} must be at least 1");
        int actions = mdp.ActionCount;
        var policy = new double[expertLogPolicy.Length];
        for (int i = 0; i < policy.Length; i++) policy[i] = Math.Exp(expertLogPolicy[i]);
        var trajectories = new List<(int, int)[]>(count);
        for (int n = 0; n < count; n++)
        {
            var trajectory = new (int, int)[horizon];
            int s = mdp.SampleStart(random);
            for (int t = 0; t < horizon; t++)
            {
                int a = FiniteMdp.SampleIndex(policy.AsSpan(s * actions, actions), random);
                trajectory[t] = (s, a);
                s = mdp.SampleNext(s, a, random);
            }
            trajectories.Add(trajectory);
        }
        var demos = FromTrajectories(mdp, trajectories);
        return new Demonstrations(mdp, demos.Weights, trajectories, horizon);
    }

    /// <summary>Your own demonstrations: (state, action) sequences, each starting at t = 0, weighted by γ^t and normalised.</summary>
    public static Demonstrations FromTrajectories(FiniteMdp mdp, IReadOnlyList<(int State, int Action)[]> trajectories)
    {
        if (trajectories.Count == 0) throw new ArgumentException("demonstrations: no trajectories given");
        var weights = new double[mdp.StateCount * mdp.ActionCount];
        double total = 0;
        for (int n = 0; n < trajectories.Count; n++)
        {
            double discount = 1;
            for (int t = 0; t < trajectories[n].Length; t++)
            {
                var (s, a) = trajectories[n][t];
                if ((uint)s >= (uint)mdp.StateCount || (uint)a >= (uint)mdp.ActionCount)
                    throw new ArgumentException($"demonstrations: trajectory {n} step {t} has (state {s}, action {a}) outside the MDP's {mdp.StateCount} states × {mdp.ActionCount} actions");
                weights[s * mdp.ActionCount + a] += discount;
                total += discount;
                discount *= mdp.Gamma;
            }
        }
        if (total == 0) throw new ArgumentException("demonstrations: every trajectory is empty");
        for (int i = 0; i < weights.Length; i++) weights[i] /= total;
        return new Demonstrations(mdp, weights, trajectories, null);
    }

    /// <summary>d̂(s) = Σ_a d̂(s, a).</summary>
    public double[] StateWeights()
    {
        var state = new double[Mdp.StateCount];
        for (int i = 0; i < Weights.Length; i++) state[i / Mdp.ActionCount] += Weights[i];
        return state;
    }
}

/// <summary>The expert: the soft-optimal (temperature 1) policy of the MDP's true reward.</summary>
public static class SoftOptimalExpert
{
    public static double[] LogPolicy(FiniteMdp mdp)
    {
        if (!mdp.HasTrueReward) throw new ArgumentException("the MDP has no true reward, so there is no expert to demonstrate: add a \"reward\" to the MDP file (or pass your own trajectories to Demonstrations.FromTrajectories)");
        return SoftBellman.LogPolicy(SoftBellman.OptimalQ(mdp, mdp.TrueReward), mdp.ActionCount);
    }
}
