using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Core.Optim;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>A state reward for a batch of maze states (n × 2) as n values; rewards are looked up when a batch is drawn.</summary>
public delegate float[] MazeRewardFunction(float[] states, int count);

/// <summary>
/// Soft-Q learning for the maze on the engine: Q(s, ·) = MLP 2→64→64→9, a Polyak target network
/// (τ = 0.005), Adam, a replay buffer of (s, a, s') whose rewards are relabelled with the current reward at sampling
/// time, target y = r(s) + γ log Σ_a' exp Q⁻(s', a') (temperature 1; the time limit is not a terminal state).
/// π = softmax Q.
/// </summary>
public sealed class MazeSoftQ : IMazePolicy
{
    private readonly PointMaze _maze;
    private readonly float[] _state, _next;
    private readonly int[] _action;
    private int _stored, _cursor;
    private Sequential _q = null!, _target = null!;
    private Adam _optimizer = null!;
    public int Batch { get; init; } = 64;
    public float LearningRate { get; }
    public float Tau { get; init; } = 0.005f;

    public MazeSoftQ(PointMaze maze, Generator random, int capacity = 100_000, float learningRate = 1e-3f)
    {
        _maze = maze;
        _state = new float[capacity * 2];
        _next = new float[capacity * 2];
        _action = new int[capacity];
        LearningRate = learningRate;
        Reinitialize(random);
    }

    /// <summary>Fresh networks and optimiser (the nested loop's cold restart); the replay buffer is kept.</summary>
    public void Reinitialize(Generator random)
    {
        _q = MazeNetworks.Mlp(PointMaze.Actions, random);
        _target = MazeNetworks.Mlp(PointMaze.Actions, random);
        _target.LoadStateDict(_q.StateDict());
        _optimizer = new Adam(_q.Parameters(), LearningRate);
    }

    public void Add(MazeEpisodes episodes)
    {
        int h = episodes.Horizon;
        for (int e = 0; e < episodes.Count; e++)
            for (int t = 0; t < h; t++)
            {
                int from = (e * (h + 1) + t) * 2;
                _state[2 * _cursor] = episodes.States[from];
                _state[2 * _cursor + 1] = episodes.States[from + 1];
                _next[2 * _cursor] = episodes.States[from + 2];
                _next[2 * _cursor + 1] = episodes.States[from + 3];
                _action[_cursor] = episodes.Actions[e * h + t];
                _cursor = (_cursor + 1) % _action.Length;
                _stored = Math.Min(_stored + 1, _action.Length);
            }
    }

    public double[] LogPolicies(float[] states, int count) =>
        MazeNetworks.LogSoftmaxRows(Tensor.FromArray(MazeNetworks.Evaluate(_q, states, count), count, PointMaze.Actions), count);

    /// <summary><paramref name="steps"/> soft-TD updates on replayed transitions; returns the last TD loss.</summary>
    public double Train(MazeRewardFunction reward, int steps, Generator random, CostMeter meter)
    {
        if (_stored == 0) throw new InvalidOperationException("the replay buffer is empty: add episodes before training");
        double last = double.NaN;
        var s = new float[Batch * 2];
        var n = new float[Batch * 2];
        var onehot = new float[Batch * PointMaze.Actions];
        var y = new float[Batch];
        for (int step = 0; step < steps; step++)
        {
            Array.Clear(onehot);
            for (int b = 0; b < Batch; b++)
            {
                int k = random.NextInt(0, _stored);
                s[2 * b] = _state[2 * k]; s[2 * b + 1] = _state[2 * k + 1];
                n[2 * b] = _next[2 * k]; n[2 * b + 1] = _next[2 * k + 1];
                onehot[b * PointMaze.Actions + _action[k]] = 1;
            }
            var r = reward(s, Batch);
            var targetQ = MazeNetworks.Evaluate(_target, n, Batch);
            var values = new double[targetQ.Length];
            for (int i = 0; i < values.Length; i++) values[i] = targetQ[i];
            var v = new double[Batch];
            SoftBellman.SoftMax(values, PointMaze.Actions, v);
            for (int b = 0; b < Batch; b++) y[b] = (float)(r[b] + _maze.Gamma * v[b]);
            var q = (_q.Forward(MazeNetworks.Encode(s, Batch)) * Tensor.FromArray(onehot, Batch, PointMaze.Actions)).Sum(1);
            var loss = (q - Tensor.FromArray(y, Batch)).Square().Mean();
            _optimizer.ZeroGrad();
            loss.Backward();
            _optimizer.Step();
            TargetNetwork.Polyak(_target, _q, Tau);
            meter.CriticUpdates++;
            last = loss.Item();
        }
        return last;
    }
}
