using System.Diagnostics;
using AlignLab.Core;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>What learns in the maze: ML-IRL single loop, ML-IRL nested, or GAIL (with the same soft-Q learner).</summary>
public enum MazeAlgorithm { SingleLoop, Nested, Gail }

/// <summary>Sizes of a maze run .</summary>
public sealed record MazeSettings
{
    public required int Iterations { get; init; }
    /// <summary>Warm-started soft-Q updates per reward step (single loop and GAIL).</summary>
    public int PolicyUpdates { get; init; } = 200;
    /// <summary>Soft-Q updates from a fresh network per reward step (nested).</summary>
    public int NestedUpdates { get; init; } = 3000;
    /// <summary>Agent episodes per reward step (the reward gradient's samples, also added to the replay buffer).</summary>
    public int Rollouts { get; init; } = 4;
    public int EvaluateEvery { get; init; } = 10;
    /// <summary>
    /// Reward steps of the transfer re-training (fresh soft-Q on the frozen reward, PolicyUpdates each). 200 because
    /// soft-Q on the true reward needs it in the moved-wall maze (0.69 of the expert after 100, 0.91 after 200 in trial runs).
    /// </summary>
    public int TransferIterations { get; init; } = 200;
    /// <summary>Adam step of the reward (ML-IRL) or the discriminator (GAIL): the slow timescale.</summary>
    public float RewardLearningRate { get; init; } = 1e-3f;
}

public sealed record MazePoint(int Iteration, long CriticUpdates, long EnvironmentSteps, double NormalizedReturn);

/// <summary>A finished maze run: its trace, cost, learned reward and final policy.</summary>
public sealed record MazeRun(MazeAlgorithm Algorithm, IReadOnlyList<MazePoint> Trace, CostMeter Cost, MazeRewardFunction Reward,
                             IMazePolicy Policy, double RewardCorrelation, TimeSpan Elapsed)
{
    /// <summary>The final normalised return: the mean of the last three evaluations (one evaluation of a soft-Q policy is noisy).</summary>
    public double FinalReturn => Trace.Skip(Math.Max(1, Trace.Count - 3)).Average(p => p.NormalizedReturn);

    /// <summary>Critic updates until the normalised return first reached <paramref name="level"/>, or null.</summary>
    public long? CriticUpdatesTo(double level)
    {
        foreach (var p in Trace) if (p.NormalizedReturn >= level) return p.CriticUpdates;
        return null;
    }
}

/// <summary>ML-IRL (single loop and nested) and GAIL on the point-mass maze, with the soft-Q learner of <see cref="MazeSoftQ"/>.</summary>
public static class MazeIrl
{
    public static MazeRun Run(MazeEvaluation evaluation, MazeEpisodes demos, MazeAlgorithm algorithm, MazeSettings settings, Generator random,
                              IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var maze = evaluation.Maze;
        var meter = new CostMeter();
        var agent = new MazeSoftQ(maze, random.Fork(1));
        var reward = algorithm == MazeAlgorithm.Gail ? null : new MazeReward(random.Fork(2), settings.RewardLearningRate);
        var discriminator = algorithm == MazeAlgorithm.Gail ? new MazeDiscriminator(random.Fork(2), settings.RewardLearningRate) : null;
        MazeRewardFunction rewardFunction = reward is not null ? reward.Evaluate : discriminator!.Reward;
        var expert = demos.DiscountedStates(maze.Gamma);
        var sampler = random.Fork(3);
        var trace = new List<MazePoint> { new(0, 0, 0, evaluation.NormalizedReturn(agent)) };
        agent.Add(MazeRollouts.Run(maze, agent, settings.Rollouts, sampler, meter));
        for (int k = 1; k <= settings.Iterations; k++)
        {
            cancel.ThrowIfCancellationRequested();
            if (algorithm == MazeAlgorithm.Nested)
            {
                agent.Reinitialize(random.Fork(100 + (ulong)k));
                agent.Train(rewardFunction, settings.NestedUpdates, sampler, meter);
            }
            else agent.Train(rewardFunction, settings.PolicyUpdates, sampler, meter);
            var episodes = MazeRollouts.Run(maze, agent, settings.Rollouts, sampler, meter);
            agent.Add(episodes);
            var agentStates = episodes.DiscountedStates(maze.Gamma);
            if (reward is not null) reward.Step(expert, agentStates);
            else discriminator!.Step(expert, agentStates);
            if (k % settings.EvaluateEvery == 0 || k == settings.Iterations)
                trace.Add(new MazePoint(k, meter.CriticUpdates, meter.EnvironmentSteps, evaluation.NormalizedReturn(agent)));
            progress?.Report((double)k / settings.Iterations);
        }
        return new MazeRun(algorithm, trace, meter, rewardFunction, agent, Correlation(maze, rewardFunction), clock.Elapsed);
    }

    /// <summary>A fresh soft-Q agent trained on a frozen reward in (possibly other) dynamics; returns its normalised true return.</summary>
    public static double Retrain(MazeEvaluation evaluation, MazeRewardFunction reward, MazeSettings settings, Generator random, CancellationToken cancel = default)
    {
        var meter = new CostMeter();
        var agent = new MazeSoftQ(evaluation.Maze, random.Fork(1));
        var sampler = random.Fork(3);
        for (int k = 0; k < settings.TransferIterations; k++)
        {
            cancel.ThrowIfCancellationRequested();
            agent.Add(MazeRollouts.Run(evaluation.Maze, agent, settings.Rollouts, sampler, meter));
            agent.Train(reward, settings.PolicyUpdates, sampler, meter);
        }
        return evaluation.NormalizedReturn(agent);
    }

    /// <summary>r* itself as a batch reward (the oracle reference of the transfer test).</summary>
    public static MazeRewardFunction TrueReward(PointMaze maze) => (states, count) =>
    {
        var r = new float[count];
        for (int i = 0; i < count; i++) r[i] = (float)maze.TrueReward(states[2 * i], states[2 * i + 1]);
        return r;
    };

    /// <summary>Centred correlation of a reward with r* on a 21×21 grid of the square (wall cells excluded).</summary>
    public static double Correlation(PointMaze maze, MazeRewardFunction reward)
    {
        var states = new List<float>();
        var truth = new List<double>();
        for (int j = 0; j <= 20; j++)
            for (int i = 0; i <= 20; i++)
            {
                double x = i / 20.0, y = j / 20.0;
                if (maze.Blocked(x, y)) continue;
                states.Add((float)x);
                states.Add((float)y);
                truth.Add(maze.TrueReward(x, y));
            }
        var r = reward([.. states], truth.Count);
        return IrlEvaluation.Pearson(r.Select(v => (double)v).ToArray(), truth.ToArray());
    }
}
