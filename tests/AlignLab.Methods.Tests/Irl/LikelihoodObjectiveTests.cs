using AlignLab.Core;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

/// <summary>The objective that is ascended and reported: its optimum, its decomposition, its horizon and its sample size.</summary>
public class LikelihoodObjectiveTests
{
    /// <summary>Two states, two actions, slip everywhere: every policy visits both states.</summary>
    private static FiniteMdp TwoStates() => new(2, 2, 0.8,
        [0.9, 0.1, /**/ 0.2, 0.8, /**/ 0.7, 0.3, /**/ 0.15, 0.85], [0.6, 0.4], trueReward: [0.0, 0.0, 1.0, 1.0]);

    private static double LikelihoodOfStateReward(Demonstrations demos, double[] stateReward)
    {
        var table = FiniteMdp.StateToStateAction(stateReward, demos.Mdp.ActionCount);
        var q = SoftBellman.OptimalQ(demos.Mdp, table, 1e-13);
        return DemonstrationLikelihood.LogLikelihood(demos, SoftBellman.LogPolicy(q, demos.Mdp.ActionCount));
    }

    [Fact]
    public void TheStateOnlyOptimumMatchesABruteForceSearchOnATwoStateMdp()
    {
        var mdp = TwoStates();
        // Hand-made demonstrations whose action frequencies no state-only reward reproduces (state 1 mostly takes action 0,
        // the action that leaves it), so L_opt < L* strictly.
        var demos = Demonstrations.FromTrajectories(mdp, [[(0, 1), (1, 0), (0, 1), (1, 0)], [(1, 0), (0, 0), (0, 1), (1, 1)]]);
        var optimum = LikelihoodOptimum.StateOnly(demos);
        // L depends on r(1) − r(0) only: scan it on a grid, then refine by golden section around the best cell.
        double bestX = 0, best = double.NegativeInfinity;
        for (double x = -20; x <= 20; x += 0.01)
        {
            double l = LikelihoodOfStateReward(demos, [0, x]);
            if (l > best) (best, bestX) = (l, x);
        }
        double lo = bestX - 0.01, hi = bestX + 0.01, phi = (Math.Sqrt(5) - 1) / 2;
        for (int k = 0; k < 80; k++)
        {
            double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
            if (LikelihoodOfStateReward(demos, [0, a]) > LikelihoodOfStateReward(demos, [0, b])) hi = b; else lo = a;
        }
        double bruteForce = LikelihoodOfStateReward(demos, [0, (lo + hi) / 2]);
        Assert.Equal(bruteForce, optimum.Likelihood, 1e-10);
        Assert.Equal((lo + hi) / 2, optimum.StateReward[1] - optimum.StateReward[0], 1e-4);
        Assert.True(optimum.GradientNormSquared < 1e-12);
        var bounds = demos.Bounds;
        Assert.True(bounds.TrueReward <= bounds.Optimum + 1e-12 && bounds.Optimum < bounds.Conditional - 1e-3,
                    $"L(r*) {bounds.TrueReward}, L_opt {bounds.Optimum}, L* {bounds.Conditional}");
    }

    [Fact]
    public void TheLikelihoodIsTheTelescopedSurrogateMinusTheFlowResidualTimesTheSoftValue()
    {
        var mdp = TestMdps.Random(seed: 11);
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var sampled = Demonstrations.Sample(mdp, expert, 7, 12, new Generator(5));
        var random = new Generator(8);
        var reward = Enumerable.Range(0, mdp.StateCount * mdp.ActionCount).Select(_ => random.NextGaussian()).ToArray();
        var q = SoftBellman.OptimalQ(mdp, reward, 1e-13);
        var v = new double[mdp.StateCount];
        SoftBellman.SoftMax(q, mdp.ActionCount, v);
        var rho = DemonstrationLikelihood.FlowResidual(sampled);
        double surrogate = 0;
        for (int i = 0; i < reward.Length; i++) surrogate += sampled.Weights[i] * reward[i];
        for (int s = 0; s < mdp.StateCount; s++) surrogate -= ((1 - mdp.Gamma) * mdp.Start[s] + rho[s]) * v[s];
        Assert.Equal(DemonstrationLikelihood.LogLikelihood(sampled, SoftBellman.LogPolicy(q, mdp.ActionCount)), surrogate, 1e-10);
        Assert.Contains(rho, x => Math.Abs(x) > 1e-3); // sampled: not a flow of the dynamics
        Assert.All(DemonstrationLikelihood.FlowResidual(Demonstrations.Exact(mdp, expert)), x => Assert.Equal(0, x, 1e-12));
    }

    [Fact]
    public void TruncatedDemonstrationsKeepTheExpertRewardAsTheOptimumWhileTheSurrogateIsBiased()
    {
        var mdp = GridWorld.Default.Build();
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var evaluation = new IrlEvaluation(mdp);
        var truncated = Demonstrations.Truncated(mdp, expert, 40); // infinitely many demonstrations of 40 steps
        var atTruth = DemonstrationLikelihood.SuccessorWeights(truncated, new StateFlow(mdp, expert));
        Assert.True(atTruth.Sum(w => w * w) < 1e-24, "the likelihood is stationary at r*");
        var surrogate = DemonstrationLikelihood.SurrogateDirection(truncated, new StateFlow(mdp, expert).Occupancy());
        var stateSurrogate = new double[mdp.StateCount];
        for (int i = 0; i < surrogate.Length; i++) stateSurrogate[i / mdp.ActionCount] += surrogate[i];
        double mismatch = stateSurrogate.Sum(Math.Abs); // total variation between the 40-step and the infinite-horizon visits
        Assert.True(mismatch > 1e-2, $"the telescoped surrogate against the infinite-horizon occupancy is not stationary at r*: {mismatch}");
        var optimum = truncated.Bounds;
        Assert.Equal(1, evaluation.RewardScale(FiniteMdp.StateToStateAction(optimum.OptimumStateReward, mdp.ActionCount)), 1e-4);
        Assert.Equal(optimum.Conditional, optimum.Optimum, 1e-9);

        var many = Demonstrations.Sample(mdp, expert, 20_000, 40, new Generator(913).Fork(1));
        double scale = evaluation.RewardScale(FiniteMdp.StateToStateAction(many.Bounds.OptimumStateReward, mdp.ActionCount));
        Assert.InRange(scale, 0.97, 1.03);
    }

    [Fact]
    public void NeverVisitedStatesSettleAtTheLikelihoodOptimumInsteadOfDrifting()
    {
        var mdp = GridWorld.Default.Build();
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var demos = Demonstrations.Sample(mdp, expert, 20, 40, new Generator(913).Fork(1));
        var visited = demos.StateWeights();
        var unvisited = Enumerable.Range(0, mdp.StateCount).Where(s => visited[s] == 0).ToArray();
        Assert.NotEmpty(unvisited);
        // The surrogate's direction pushes every never-visited state down at any policy that reaches it (−d_π(s) < 0), so
        // it has no stationary point: the cause of the unbounded drift.
        var uniform = Enumerable.Repeat(-Math.Log(mdp.ActionCount), mdp.StateCount * mdp.ActionCount).ToArray();
        var direction = DemonstrationLikelihood.SurrogateDirection(demos, new StateFlow(mdp, uniform).Occupancy());
        foreach (int s in unvisited)
            Assert.True(Enumerable.Range(0, mdp.ActionCount).Sum(a => direction[s * mdp.ActionCount + a]) < 0);
        // The likelihood has a finite optimum where every state's gradient vanishes, and the algorithm stays above it.
        var optimum = demos.Bounds;
        Assert.True(optimum.OptimumGradientNormSquared < 1e-12);
        double floor = optimum.OptimumStateReward.Min() - optimum.OptimumStateReward.Average();
        Assert.InRange(floor, -100, 0);
        var run = MlIrl.Run(demos, new TabularReward(mdp), new SingleBackup(mdp), new MlIrlSettings { Iterations = 20_000, StepSize = 6, RecordEvery = 1000 });
        var learned = run.RewardTable.Where((_, i) => i % mdp.ActionCount == 0).ToArray();
        double mean = learned.Average();
        foreach (int s in unvisited) Assert.InRange(learned[s] - mean, floor - 1, 0);
        Assert.True(run.Final.GradientNormSquared < 1e-9, $"‖∇L‖² {run.Final.GradientNormSquared}");
    }

    [Fact]
    public void MoreDemonstrationsDoNotGiveAWorseConvergedPolicy()
    {
        var mdp = GridWorld.Default.Build();
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var settings = new MlIrlSettings { Iterations = 20_000, StepSize = 6, RecordEvery = 10, Tolerance = 1e-8 };
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            MlIrlResult Converged(int count)
            {
                var demos = Demonstrations.Sample(mdp, expert, count, 40, new Generator(seed).Fork(1));
                var run = MlIrl.Run(demos, new TabularReward(mdp), new SingleBackup(mdp), settings);
                Assert.True(run.Converged, $"seed {seed}, {count} demos: ‖∇L‖² {run.Final.GradientNormSquared}");
                return run;
            }
            var few = Converged(20);
            var more = Converged(100);
            Assert.True(more.RewardCorrelation >= few.RewardCorrelation, $"seed {seed}: correlation {few.RewardCorrelation} → {more.RewardCorrelation}");
            Assert.True(more.Final.ExpertKl <= few.Final.ExpertKl, $"seed {seed}: KL(π_E ‖ π_θ) {few.Final.ExpertKl} → {more.Final.ExpertKl}");
            // Return is noisy around the expert's (above 1 = sharper than the soft expert, not better imitation): with more
            // demonstrations it must stay close to the expert's.
            Assert.True(more.Final.NormalizedReturn >= 0.95, $"seed {seed}: normalized return {more.Final.NormalizedReturn}");
        }
    }
}
