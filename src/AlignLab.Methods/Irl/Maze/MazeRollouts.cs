using AlignLab.Core;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>Episodes of the fixed horizon: states[e, t] (t = 0 … H), actions[e, t] (t &lt; H) and true returns.</summary>
public sealed record MazeEpisodes(int Count, int Horizon, float[] States, int[] Actions, double[] Returns)
{
    public double MeanReturn => Returns.Average();

    /// <summary>The visited states s_0 … s_{H−1} of every episode with normalised discounted weights γ^t (Σ = 1).</summary>
    public (float[] States, float[] Weights) DiscountedStates(double gamma)
    {
        var states = new float[Count * Horizon * 2];
        var weights = new float[Count * Horizon];
        double total = 0;
        for (int e = 0; e < Count; e++)
            for (int t = 0; t < Horizon; t++)
            {
                int i = e * Horizon + t, from = (e * (Horizon + 1) + t) * 2;
                states[2 * i] = States[from];
                states[2 * i + 1] = States[from + 1];
                weights[i] = (float)Math.Pow(gamma, t);
                total += weights[i];
            }
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(weights[i] / total);
        return (states, weights);
    }
}

/// <summary>Runs batches of episodes of a policy (all episodes step together, so a network sees one batch per step).</summary>
public static class MazeRollouts
{
    public static MazeEpisodes Run(PointMaze maze, IMazePolicy policy, int count, Generator random, CostMeter? meter = null)
    {
        int h = maze.Horizon;
        var states = new float[count * (h + 1) * 2];
        var actions = new int[count * h];
        var returns = new double[count];
        var current = new float[count * 2];
        for (int e = 0; e < count; e++)
        {
            var (x, y) = maze.SampleStart(random);
            current[2 * e] = (float)x;
            current[2 * e + 1] = (float)y;
        }
        for (int t = 0; t <= h; t++)
        {
            for (int e = 0; e < count; e++)
            {
                states[(e * (h + 1) + t) * 2] = current[2 * e];
                states[(e * (h + 1) + t) * 2 + 1] = current[2 * e + 1];
            }
            if (t == h) break;
            var log = policy.LogPolicies(current, count);
            var p = new double[PointMaze.Actions];
            for (int e = 0; e < count; e++)
            {
                for (int a = 0; a < p.Length; a++) p[a] = Math.Exp(log[e * PointMaze.Actions + a]);
                int action = FiniteMdp.SampleIndex(p, random);
                actions[e * h + t] = action;
                returns[e] += maze.TrueReward(current[2 * e], current[2 * e + 1]);
                var (nx, ny) = maze.Move(current[2 * e], current[2 * e + 1], action, random);
                current[2 * e] = (float)nx;
                current[2 * e + 1] = (float)ny;
            }
            if (meter is not null) meter.EnvironmentSteps += count;
        }
        return new MazeEpisodes(count, h, states, actions, returns);
    }
}

/// <summary>Normalised true return in one maze: (J(π) − J(uniform)) / (J(expert) − J(uniform)), Monte Carlo over fixed seeds.</summary>
public sealed class MazeEvaluation
{
    private readonly int _episodes;
    private readonly ulong _seed;
    public PointMaze Maze { get; }
    public MazeExpert Expert { get; }
    public double ExpertReturn { get; }
    public double UniformReturn { get; }

    public MazeEvaluation(PointMaze maze, int episodes = 40, ulong seed = 77)
    {
        Maze = maze;
        _episodes = episodes;
        _seed = seed;
        Expert = new MazeExpert(maze);
        ExpertReturn = Return(new ExpertPolicy(Expert));
        UniformReturn = Return(new UniformPolicy());
    }

    public double Return(IMazePolicy policy) => MazeRollouts.Run(Maze, policy, _episodes, new Generator(_seed)).MeanReturn;

    public double NormalizedReturn(IMazePolicy policy) => (Return(policy) - UniformReturn) / (ExpertReturn - UniformReturn);
}
