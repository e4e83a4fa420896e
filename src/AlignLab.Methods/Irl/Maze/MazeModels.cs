using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Core.Optim;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>
/// The ML-IRL reward of the maze: r(s) = clamp(MLP 2→64→64→1, ±10) on the engine, one Adam step (weight decay 1e-3)
/// per reward step on the surrogate Σ w_agent r(agent states) − Σ w_expert r(expert states), i.e. ascent along
/// "expert minus agent discounted reward expectations" (as the official code, with discounted normalised weights).
/// </summary>
public sealed class MazeReward
{
    private readonly Sequential _net;
    private readonly Adam _optimizer;

    public MazeReward(Generator random, float learningRate = 3e-3f)
    {
        _net = MazeNetworks.Mlp(1, random);
        _optimizer = new Adam(_net.Parameters(), learningRate, weightDecay: 1e-3f);
    }

    public float[] Evaluate(float[] states, int count)
    {
        var r = MazeNetworks.Evaluate(_net, states, count);
        for (int i = 0; i < r.Length; i++) r[i] = Math.Clamp(r[i], -10f, 10f);
        return r;
    }

    public void Step((float[] States, float[] Weights) expert, (float[] States, float[] Weights) agent)
    {
        Tensor Weighted((float[] States, float[] Weights) batch)
        {
            int n = batch.Weights.Length;
            var r = _net.Forward(MazeNetworks.Encode(batch.States, n)).Reshape(n).Clamp(-10f, 10f);
            return (r * Tensor.FromArray(batch.Weights, n)).Sum();
        }
        var loss = Weighted(agent) - Weighted(expert);
        _optimizer.ZeroGrad();
        loss.Backward();
        _optimizer.Step();
    }
}

/// <summary>
/// GAIL's discriminator on states: D(s) = σ(MLP(s)), trained by logistic loss (expert 1, agent 0); the policy's reward
/// is −log(1 − D(s)) = softplus(logit).
/// </summary>
public sealed class MazeDiscriminator
{
    private readonly Sequential _net;
    private readonly Adam _optimizer;

    public MazeDiscriminator(Generator random, float learningRate = 1e-3f)
    {
        _net = MazeNetworks.Mlp(1, random);
        _optimizer = new Adam(_net.Parameters(), learningRate);
    }

    private static Tensor Softplus(Tensor z) => z.Clamp(-30f, 30f).Exp().AddScalar(1f).Log();

    public float[] Reward(float[] states, int count)
    {
        var logits = MazeNetworks.Evaluate(_net, states, count);
        for (int i = 0; i < logits.Length; i++) logits[i] = (float)Math.Log(1 + Math.Exp(Math.Clamp(logits[i], -30f, 30f)));
        return logits;
    }

    public void Step((float[] States, float[] Weights) expert, (float[] States, float[] Weights) agent)
    {
        Tensor Loss((float[] States, float[] Weights) batch, float sign)
        {
            int n = batch.Weights.Length;
            var logits = _net.Forward(MazeNetworks.Encode(batch.States, n)).Reshape(n);
            return (Softplus(logits * sign) * Tensor.FromArray(batch.Weights, n)).Sum();
        }
        // −log D(expert) − log(1 − D(agent)) = softplus(−l_E) + softplus(l_A)
        var loss = Loss(expert, -1f) + Loss(agent, 1f);
        _optimizer.ZeroGrad();
        loss.Backward();
        _optimizer.Step();
    }
}

/// <summary>Behaviour cloning on the maze: a softmax MLP 2→64→64→9 fitted to the demonstrated (s, a) by cross-entropy.</summary>
public sealed class MazeBehaviourCloning : IMazePolicy
{
    private readonly Sequential _net;

    public MazeBehaviourCloning(MazeEpisodes demos, int steps, Generator random, float learningRate = 1e-3f)
    {
        _net = MazeNetworks.Mlp(PointMaze.Actions, random);
        var optimizer = new Adam(_net.Parameters(), learningRate);
        int n = demos.Count * demos.Horizon;
        var states = new float[n * 2];
        for (int e = 0; e < demos.Count; e++)
            for (int t = 0; t < demos.Horizon; t++)
            {
                int i = e * demos.Horizon + t, from = (e * (demos.Horizon + 1) + t) * 2;
                states[2 * i] = demos.States[from];
                states[2 * i + 1] = demos.States[from + 1];
            }
        var x = MazeNetworks.Encode(states, n);
        var targets = new IntTensor(demos.Actions, [n]);
        for (int step = 0; step < steps; step++)
        {
            var loss = F.CrossEntropy(_net.Forward(x), targets);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
        }
    }

    public double[] LogPolicies(float[] states, int count) =>
        MazeNetworks.LogSoftmaxRows(Tensor.FromArray(MazeNetworks.Evaluate(_net, states, count), count, PointMaze.Actions), count);
}
