using AlignLab.Core;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>One maze run from the library or <c>alignlab irl run --env maze</c>: learner, demonstrations, transfer score.</summary>
public sealed record MazeRunRequest
{
    /// <summary>single-loop, nested, gail, or null for behaviour cloning.</summary>
    public MazeAlgorithm? Algorithm { get; init; } = MazeAlgorithm.SingleLoop;
    public int Demos { get; init; } = 1;
    public int Iterations { get; init; } = 300;
    public int Seed { get; init; } = 1;
    public PointMaze Maze { get; init; } = PointMaze.Default;
    public int BehaviourCloningSteps { get; init; } = 500;

    public static MazeEpisodes Demonstrations(MazeEvaluation evaluation, int count, Generator random) =>
        MazeRollouts.Run(evaluation.Maze, new ExpertPolicy(evaluation.Expert), count, random);

    /// <summary>Checks every field a run uses; an <see cref="ArgumentException"/> names the field as its ParamName.</summary>
    public void Validate()
    {
        if (Demos < 1) throw new ArgumentException($"Demos must be at least 1 (the maze has no exact expert occupancy), got {Demos}", nameof(Demos));
        if (Iterations < 1) throw new ArgumentException($"Iterations must be at least 1, got {Iterations}", nameof(Iterations));
        if (BehaviourCloningSteps < 1) throw new ArgumentException($"BehaviourCloningSteps must be at least 1, got {BehaviourCloningSteps}", nameof(BehaviourCloningSteps));
    }

    /// <summary>Final metrics (snake_case keys, as the gridworld run prints them).</summary>
    public Dictionary<string, object?> Run(IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        Validate();
        var root = new Generator((ulong)Seed);
        var evaluation = new MazeEvaluation(Maze);
        var transfer = new MazeEvaluation(Maze.WithMovedWall());
        var demos = Demonstrations(evaluation, Demos, root.Fork(1));
        var settings = new MazeSettings { Iterations = Iterations };
        var metrics = new Dictionary<string, object?>
        {
            ["algorithm"] = Algorithm switch { MazeAlgorithm.SingleLoop => "single-loop", MazeAlgorithm.Nested => "nested", MazeAlgorithm.Gail => "gail", _ => "bc" },
            ["demos"] = Demos, ["horizon"] = Maze.Horizon, ["seed"] = Seed,
        };
        if (Algorithm is not MazeAlgorithm algorithm)
        {
            var bc = new MazeBehaviourCloning(demos, BehaviourCloningSteps, root.Fork(2));
            metrics["normalized_return"] = evaluation.NormalizedReturn(bc);
            metrics["likelihood_gap"] = null; // no exact likelihood in a continuous MDP
            metrics["reward_correlation"] = null;
            metrics["backups"] = 0L;
            metrics["critic_updates"] = 0L;
            metrics["transfer_normalized_return"] = transfer.NormalizedReturn(bc);
            return metrics;
        }
        var run = MazeIrl.Run(evaluation, demos, algorithm, settings, root.Fork(2), progress, cancel);
        metrics["iterations"] = Iterations;
        metrics["normalized_return"] = run.FinalReturn;
        metrics["likelihood_gap"] = null; // no exact likelihood in a continuous MDP
        metrics["reward_correlation"] = run.RewardCorrelation;
        metrics["backups"] = 0L;
        metrics["critic_updates"] = run.Cost.CriticUpdates;
        metrics["environment_steps"] = run.Cost.EnvironmentSteps;
        metrics["critic_updates_to_90_percent"] = run.CriticUpdatesTo(0.9);
        metrics["transfer_normalized_return"] = MazeIrl.Retrain(transfer, run.Reward, settings, root.Fork(3), cancel);
        metrics["seconds"] = Math.Round(run.Elapsed.TotalSeconds, 2);
        return metrics;
    }
}
