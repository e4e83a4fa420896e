using AlignLab.Core;
using AlignLab.Methods.Irl;
using AlignLab.Methods.Irl.Maze;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Irl;

public class MazeTests
{
    private static readonly PointMaze Maze = PointMaze.Default;

    [Fact]
    public void WallsAndTheBorderStopMoves()
    {
        Assert.Equal((0.42, 0.2), Maze.Move(0.42, 0.2, 0, null)); // right, into the wall: stays
        var (x, y) = Maze.Move(0.42, 0.7, 0, null);               // right, above the wall: moves
        Assert.Equal(0.47, x, 1e-12);
        Assert.Equal(0.7, y, 1e-12);
        Assert.Equal((1.0, 0.5), Maze.Move(0.98, 0.5, 0, null));  // clipped to the square
        Assert.Equal((0.3, 0.3), Maze.Move(0.3, 0.3, 8, null));   // stay
        var moved = Maze.WithMovedWall();
        Assert.Equal((0.42, 0.7), moved.Move(0.42, 0.7, 0, null)); // the moved wall closes the old route
        Assert.NotEqual((0.42, 0.05), moved.Move(0.42, 0.05, 0, null)); // and opens the bottom
    }

    [Fact]
    public void TheDiscretisedExpertGoesOverTheWallToTheGoal()
    {
        var evaluation = new MazeEvaluation(Maze, episodes: 20);
        Assert.True(evaluation.ExpertReturn > 50 * Math.Max(1, Math.Abs(evaluation.UniformReturn)));
        var demos = MazeRunRequest.Demonstrations(evaluation, 3, new Generator(2));
        for (int e = 0; e < demos.Count; e++)
        {
            double highest = 0;
            for (int t = 0; t <= demos.Horizon; t++) highest = Math.Max(highest, demos.States[(e * (demos.Horizon + 1) + t) * 2 + 1]);
            int last = (e * (demos.Horizon + 1) + demos.Horizon) * 2;
            Assert.True(highest > 0.5, $"episode {e} never rose above the wall (max y {highest})");
            Assert.True(Math.Abs(demos.States[last] - Maze.Goal.X) < 0.15 && Math.Abs(demos.States[last + 1] - Maze.Goal.Y) < 0.15,
                        $"episode {e} ends at ({demos.States[last]}, {demos.States[last + 1]})");
        }
        var (_, weights) = demos.DiscountedStates(Maze.Gamma);
        Assert.Equal(1, weights.Sum(), 1e-5);
    }

    [Fact]
    public void SoftQLearnsAShortTaskFromTheTrueReward()
    {
        var easy = Maze with { Walls = [], Goal = (0.4, 0.3), Penalty = new Wall(2, 2, 3, 3) };
        var evaluation = new MazeEvaluation(easy, episodes: 20);
        double score = MazeIrl.Retrain(evaluation, MazeIrl.TrueReward(easy), new MazeSettings { Iterations = 1, TransferIterations = 40 }, new Generator(4));
        Assert.True(score > 0.6, $"normalized return {score}");
    }

    [Fact]
    public void BehaviourCloningFitsItsDemonstration()
    {
        var evaluation = new MazeEvaluation(Maze, episodes: 10);
        var demos = MazeRunRequest.Demonstrations(evaluation, 1, new Generator(3));
        var bc = new MazeBehaviourCloning(demos, 500, new Generator(1));
        var (states, _) = demos.DiscountedStates(Maze.Gamma);
        var log = bc.LogPolicies(states, demos.Horizon);
        double likelihood = 0;
        for (int t = 0; t < demos.Horizon; t++) likelihood += log[t * PointMaze.Actions + demos.Actions[t]];
        // The demonstrator is a soft (stochastic) expert, so its actions cannot be fitted exactly; far above uniform log(1/9) ≈ −2.2 is the bar.
        Assert.True(likelihood / demos.Horizon > Math.Log(1.0 / 9) + 0.7, $"mean log-likelihood {likelihood / demos.Horizon}");
    }

    [Fact]
    public void RunRequestReportsTheIssuesMetrics()
    {
        var metrics = new MazeRunRequest { Algorithm = MazeAlgorithm.Gail, Iterations = 3 }.Run();
        foreach (string key in new[] { "normalized_return", "likelihood_gap", "reward_correlation", "backups", "critic_updates", "transfer_normalized_return" })
            Assert.True(metrics.ContainsKey(key), key);
        Assert.Equal(3L * 200, metrics["critic_updates"]);
        Assert.Equal("Demos", Assert.Throws<ArgumentException>(() => new MazeRunRequest { Demos = 0 }.Run()).ParamName);
        Assert.Equal("Iterations", Assert.Throws<ArgumentException>(() => new MazeRunRequest { Iterations = 0 }.Validate()).ParamName);
        Assert.Equal("BehaviourCloningSteps", Assert.Throws<ArgumentException>(() => new MazeRunRequest { BehaviourCloningSteps = 0 }.Validate()).ParamName);
    }

    private sealed class NoPolicy : IMazePolicy
    {
        public double[] LogPolicies(float[] states, int count) => new double[count * PointMaze.Actions];
    }

    /// <summary>A run whose evaluations after every <paramref name="updatesPerPoint"/> critic updates were <paramref name="returns"/>.</summary>
    private static MazeRun FakeRun(MazeAlgorithm algorithm, long updatesPerPoint, params double[] returns)
    {
        var trace = new List<MazePoint> { new(0, 0, 0, 0.0) };
        for (int i = 0; i < returns.Length; i++) trace.Add(new MazePoint(i + 1, (i + 1) * updatesPerPoint, 0, returns[i]));
        return new MazeRun(algorithm, trace, new CostMeter { CriticUpdates = returns.Length * updatesPerPoint }, (_, n) => new float[n], new NoPolicy(), 0.5, TimeSpan.Zero);
    }

    [Fact]
    public void FinalReturnAveragesTheLastThreeEvaluationsAndCrossingsCountUpdates()
    {
        var run = FakeRun(MazeAlgorithm.SingleLoop, 2000, 0.2, 0.95, 0.8, 0.7, 0.9);
        Assert.Equal((0.8 + 0.7 + 0.9) / 3, run.FinalReturn, 1e-12);
        Assert.Equal(4000L, run.CriticUpdatesTo(0.9));   // the first evaluation at or above the level
        Assert.Null(run.CriticUpdatesTo(0.96));
        Assert.Equal(0.4, FakeRun(MazeAlgorithm.SingleLoop, 10, 0.4).FinalReturn, 1e-12); // the initial evaluation never counts
    }

    [Fact]
    public void TheNestedBudgetIsTheClaimsRatioOfTheSingleLoopsCrossingInWholeRewardSteps()
    {
        var s = new MazeExperiment().Full;
        Assert.Equal(10, s.NestedBudgetRatio);
        Assert.Equal(3000, s.Run.NestedUpdates);
        // Crossed at 4,000 updates: 10 × 4,000 = 40,000 updates = 13.3 nested reward steps, rounded up.
        Assert.Equal(14, MazeExperiment.NestedRewardSteps(FakeRun(MazeAlgorithm.SingleLoop, 2000, 0.5, 0.95), s));
        // Never crossed: the single loop's whole budget (3 × 2,000 updates = 2 nested steps).
        Assert.Equal(2, MazeExperiment.NestedRewardSteps(FakeRun(MazeAlgorithm.SingleLoop, 2000, 0.5, 0.6, 0.7), s));
    }

    [Theory]
    [InlineData(39_000, false)] // nested got there within 10 × 4,000 updates: the single loop was not 10× cheaper
    [InlineData(42_000, true)]
    [InlineData(null, true)]    // nested never got there within its budget
    public void TheCriticUpdatesClaimComparesCrossingsOnTheSameSeed(int? nestedCrossing, bool held)
    {
        var experiment = new MazeExperiment();
        var s = experiment.Full with { Seeds = new SeedRange(1000, 1) };
        var single = FakeRun(MazeAlgorithm.SingleLoop, 2000, 0.5, 0.95, 0.97);
        var nested = nestedCrossing is int at
            ? FakeRun(MazeAlgorithm.Nested, at, 0.95)
            : FakeRun(MazeAlgorithm.Nested, 3000, Enumerable.Repeat(0.5, 14).ToArray());
        MazeExperiment.Outcome Of(string arm, MazeRun? run) => new(arm, 1000, run, run?.FinalReturn ?? 0.5, 0.5, 0.5);
        var result = new MazeExperiment.Result(
            [Of(MazeExperiment.SingleLoop, single), Of(MazeExperiment.Gail, FakeRun(MazeAlgorithm.Gail, 2000, 0.5)), Of(MazeExperiment.Nested, nested), Of(MazeExperiment.BehaviourCloning, null)],
            TransplantedExpert: 0.1, Oracle: 0.9);
        var report = experiment.ToReport(s, result);
        var claim = Assert.Single(report.Claims, c => c.Statement.StartsWith("The single loop reaches 90 %", StringComparison.Ordinal));
        Assert.Equal(held, claim.Held);
        Assert.Equal("seed 1000", report.Configuration["seeds"]);
    }

    [Fact]
    public void TrialSeedsDeriveFromTheRunSeed()
    {
        var s = new MazeExperiment().SettingsFor(new ExperimentContext(ExperimentSize.Full, Seed: 2));
        Assert.Equal(new SeedRange(2000, 3), s.Seeds);
    }
}
