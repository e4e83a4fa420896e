using AlignLab.Core;
using AlignLab.Methods.Irl;
using AlignLab.Methods.Irl.Maze;

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
        Assert.Throws<ArgumentException>(() => new MazeRunRequest { Demos = 0 }.Run());
    }
}
