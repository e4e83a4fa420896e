using AlignLab.Core;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

public class AlgorithmTests
{
    [Fact]
    public void SingleAndNestedLoopsReachTheGlobalOptimumWithTabularRewards()
    {
        var mdp = TestMdps.Random(seed: 5);
        var demos = Demonstrations.Exact(mdp, SoftOptimalExpert.LogPolicy(mdp));
        var settings = new MlIrlSettings { Iterations = 3000, StepSize = 3, RecordEvery = 100 };
        var single = MlIrl.Run(demos, new TabularReward(mdp), new SingleBackup(mdp), settings);
        var nested = MlIrl.Run(demos, new TabularReward(mdp), new NestedSoftValueIteration(mdp), settings);
        Assert.True(single.Final.Gap < 1e-5, $"single-loop gap {single.Final.Gap}");
        Assert.True(nested.Final.Gap < 1e-5, $"nested gap {nested.Final.Gap}");
        Assert.True(single.Final.Gap >= -1e-9 && nested.Final.Gap >= -1e-9, $"gaps {single.Final.Gap}, {nested.Final.Gap}"); // L_opt is an upper bound
        Assert.True(single.RewardCorrelation > 0.999, $"correlation {single.RewardCorrelation}"); // identifiable up to a constant
        Assert.Equal(3000, single.Cost.BellmanBackups);
        Assert.Equal(3000, single.Cost.OccupancySolves);
        // Warm-started, the nested loop's late solves are short; its cold first solve needs ~log(1e-8)/log(γ) backups.
        Assert.True(nested.Cost.BellmanBackups > 3 * single.Cost.BellmanBackups, $"nested backups {nested.Cost.BellmanBackups}");
        var meter = new CostMeter();
        new NestedSoftValueIteration(mdp).Step(mdp.TrueReward, meter);
        Assert.InRange(meter.BellmanBackups, 80, 200);
        Assert.True(nested.Trace.Max(p => p.TrackingError) < 1e-6); // nested solves, so π_{k+1} = π_θk
    }

    [Fact]
    public void TheMisspecifiedLinearRewardStaysAwayFromTheOptimum()
    {
        var mdp = GridWorld.Default.Build();
        var demos = Demonstrations.Exact(mdp, SoftOptimalExpert.LogPolicy(mdp));
        var linear = MlIrl.Run(demos, new LinearReward(mdp), new SingleBackup(mdp), new MlIrlSettings { Iterations = 2000, StepSize = 1.5, RecordEvery = 2000 });
        Assert.True(linear.Final.Gap > 0.05 * Math.Abs(linear.Optimum));
    }

    [Fact]
    public void NeuralSoftQApproachesTheSoftOptimalPolicyOfAFixedReward()
    {
        var mdp = TestMdps.Random(seed: 7, states: 5, actions: 2);
        var settings = new NeuralSoftQSettings { Width = 64, TdSteps = 4, EnvironmentSteps = 8, LearningRate = 3e-3f };
        var learner = new NeuralSoftQLearner(mdp, settings, new Generator(3));
        var meter = new CostMeter();
        var optimal = SoftBellman.LogPolicy(SoftBellman.OptimalQ(mdp, mdp.TrueReward), mdp.ActionCount);
        double[] policy = [];
        double first = double.NaN;
        for (int k = 0; k < 1500; k++)
        {
            policy = learner.Step(mdp.TrueReward, meter);
            if (k == 0) first = IrlEvaluation.MaxKl(optimal, policy, mdp.ActionCount);
        }
        double last = IrlEvaluation.MaxKl(optimal, policy, mdp.ActionCount);
        Assert.True(last < 0.05 && last < first / 5, $"max KL to the soft-optimal policy: first {first}, last {last}");
        Assert.Equal(1500 * 4, meter.CriticUpdates);
        Assert.Equal(1500 * 8, meter.EnvironmentSteps);
        Assert.Equal(0, meter.BellmanBackups);
    }

    [Fact]
    public void BehaviourCloningOfExactDemonstrationsIsTheExpert()
    {
        var mdp = TestMdps.Random(seed: 9);
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var cloned = BehaviourCloning.LogPolicy(Demonstrations.Exact(mdp, expert));
        for (int i = 0; i < expert.Length; i++) Assert.Equal(expert[i], cloned[i], 1e-9);
    }

    [Fact]
    public void RunRequestPrintsTheIssuesMetrics()
    {
        var request = new IrlRunRequest { Mdp = TestMdps.Random(seed: 2), Reward = RewardKind.Mlp, Width = 8, Demos = 3, Horizon = 10, Iterations = 50, Tolerance = 0 };
        var metrics = request.Run();
        foreach (string key in new[] { "normalized_return", "likelihood_gap", "likelihood_gap_opt", "best_likelihood_opt", "converged", "reward_scale", "reward_correlation", "backups", "critic_updates" })
            Assert.True(metrics.ContainsKey(key), key);
        Assert.Equal(50L, metrics["backups"]);
        Assert.Equal(false, metrics["converged"]);
        // L(r*) ≤ L_opt ≤ L*, and the gaps are measured to the named optimum.
        double conditional = (double)metrics["best_likelihood"]!, optimum = (double)metrics["best_likelihood_opt"]!, truth = (double)metrics["likelihood_true_reward"]!;
        Assert.True(truth <= optimum + 1e-9 && optimum <= conditional + 1e-9, $"{truth} ≤ {optimum} ≤ {conditional}");
        Assert.Equal(optimum - (double)metrics["likelihood"]!, (double)metrics["likelihood_gap_opt"]!, 1e-12);
        Assert.Equal(metrics, request.Run().Where(p => p.Key != "seconds").ToDictionary(p => p.Key, p => p.Value)
            .Concat([new("seconds", metrics["seconds"])]).ToDictionary(p => p.Key, p => p.Value));
    }

    [Fact]
    public void RunRequestStopsAtTheToleranceAndSaysSo()
    {
        var request = new IrlRunRequest { Mdp = TestMdps.Random(seed: 2), Reward = RewardKind.Tabular, Demos = 0, Iterations = 20_000, Tolerance = 1e-10 };
        var metrics = request.Run();
        Assert.Equal(true, metrics["converged"]);
        Assert.True((double)metrics["gradient_norm_squared"]! < 1e-10);
        Assert.True((int)metrics["iterations"]! < 20_000);
        Assert.Equal(1, (double)metrics["reward_scale"]!, 1e-3); // exact occupancy: r* up to a constant
    }
}

public class DemonstrationTests
{
    [Fact]
    public void OwnTrajectoriesAreDiscountedNormalisedAndValidated()
    {
        var mdp = TestMdps.Three(); // γ = 0.8
        var demos = Demonstrations.FromTrajectories(mdp, [[(0, 1), (1, 0)], [(2, 1)]]);
        double total = 1 + 0.8 + 1;
        Assert.Equal(1 / total, demos.Weights[0 * 2 + 1], 1e-12);
        Assert.Equal(0.8 / total, demos.Weights[1 * 2 + 0], 1e-12);
        Assert.Equal(1 / total, demos.Weights[2 * 2 + 1], 1e-12);
        Assert.Equal(1, demos.Weights.Sum(), 1e-12);
        var e = Assert.Throws<ArgumentException>(() => Demonstrations.FromTrajectories(mdp, [[(0, 0), (3, 0)]]));
        Assert.Contains("trajectory 0 step 1", e.Message);
    }
}
