using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>A maze policy: log π(·|s) for a batch of states (n × 2, row-major) as n × 9 values.</summary>
public interface IMazePolicy
{
    double[] LogPolicies(float[] states, int count);
}

/// <summary>The engine MLPs of the maze (2→64→64→out, ReLU) and the state encoding they share.</summary>
internal static class MazeNetworks
{
    public const int Hidden = 64;

    public static Sequential Mlp(int outputs, Generator random) =>
        new(new Linear(2, Hidden, bias: true, random), new Activation(t => t.Relu()),
            new Linear(Hidden, Hidden, bias: true, random), new Activation(t => t.Relu()),
            new Linear(Hidden, outputs, bias: true, random));

    /// <summary>States in [0, 1]² mapped to [−1, 1]² as a [count, 2] tensor.</summary>
    public static Tensor Encode(ReadOnlySpan<float> states, int count)
    {
        var x = new float[count * 2];
        for (int i = 0; i < x.Length; i++) x[i] = 2 * states[i] - 1;
        return Tensor.FromArray(x, count, 2);
    }

    public static double[] LogSoftmaxRows(Tensor logits, int count)
    {
        var q = logits.ToArray();
        var values = new double[q.Length];
        for (int i = 0; i < q.Length; i++) values[i] = q[i];
        return SoftBellman.LogPolicy(values, PointMaze.Actions);
    }

    /// <summary>Network output for a batch without recording a graph.</summary>
    public static float[] Evaluate(Sequential net, float[] states, int count)
    {
        using var _ = GradMode.NoGrad();
        return net.Forward(Encode(states, count)).ToArray();
    }
}

/// <summary>The expert as a batch policy.</summary>
public sealed class ExpertPolicy(MazeExpert expert) : IMazePolicy
{
    public double[] LogPolicies(float[] states, int count)
    {
        var log = new double[count * PointMaze.Actions];
        for (int i = 0; i < count; i++) expert.LogPolicy(states[2 * i], states[2 * i + 1], log.AsSpan(i * PointMaze.Actions, PointMaze.Actions));
        return log;
    }
}

/// <summary>The uniform policy (the 0 of normalised returns).</summary>
internal sealed class UniformPolicy : IMazePolicy
{
    public double[] LogPolicies(float[] states, int count)
    {
        var log = new double[count * PointMaze.Actions];
        Array.Fill(log, -Math.Log(PointMaze.Actions));
        return log;
    }
}
