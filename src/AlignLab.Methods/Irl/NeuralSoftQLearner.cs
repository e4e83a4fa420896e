using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Core.Optim;

namespace AlignLab.Methods.Irl;

/// <summary>Sizes of the neural soft-Q lower level.</summary>
public sealed record NeuralSoftQSettings
{
    public int Width { get; init; } = 128;
    /// <summary>Semi-gradient soft-TD updates per reward step (the paper's "few TD steps").</summary>
    public int TdSteps { get; init; } = 4;
    /// <summary>Environment steps added to the replay buffer per reward step.</summary>
    public int EnvironmentSteps { get; init; } = 8;
    /// <summary>Episodes restart from η after this many steps (fixed horizon, no early termination).</summary>
    public int Horizon { get; init; } = 40;
    public int Batch { get; init; } = 64;
    public int ReplayCapacity { get; init; } = 20_000;
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>Target network: θ⁻ ← (1 − τ)θ⁻ + τθ after each TD update.</summary>
    public float Polyak { get; init; } = 0.02f;

    public void Validate()
    {
        if (Width < 1 || TdSteps < 1 || EnvironmentSteps < 1 || Horizon < 1 || Batch < 1 || ReplayCapacity < Batch)
            throw new ArgumentException($"neural soft-Q settings: width, TD steps, environment steps, horizon and batch must be positive and the replay buffer at least one batch ({this})");
        if (!(LearningRate > 0) || !(Polyak > 0 && Polyak <= 1)) throw new ArgumentException($"neural soft-Q settings: learning rate {LearningRate} / polyak {Polyak} out of range");
    }
}

/// <summary>
/// Single-loop lower level with a neural soft-Q function on the engine (float32; TD noise dwarfs float32 rounding):
/// Q(s, ·) = MLP([φ(s), onehot(s)]) with one hidden ReLU layer of width m and A outputs, trained by a few soft-TD
/// steps per reward step on transitions from a replay buffer filled by the current policy π = softmax(Q). Buffer
/// entries store (s, a, s') only: their rewards are relabelled with the current reward at sampling time, as the
/// official ML-IRL code does. Target y = r_θ(s, a) + γ log Σ_a' exp Q⁻(s', a') with a Polyak-averaged target network.
/// </summary>
public sealed class NeuralSoftQLearner : IPolicyLearner
{
    private readonly IEnvironment _mdp;
    private readonly NeuralSoftQSettings _settings;
    private readonly Generator _random;
    private readonly Sequential _q, _target;
    private readonly Adam _optimizer;
    private readonly Tensor _inputs;
    private readonly int[] _state, _action, _next;
    private int _stored, _cursor, _current, _time;

    /// <summary>Works on any <see cref="IEnvironment"/>: it only samples transitions and reads state features.</summary>
    public NeuralSoftQLearner(IEnvironment mdp, NeuralSoftQSettings settings, Generator random)
    {
        settings.Validate();
        _mdp = mdp;
        _settings = settings;
        _random = random;
        int d = mdp.FeatureCount + mdp.StateCount;
        _q = Network(d, settings.Width, mdp.ActionCount, random);
        _target = Network(d, settings.Width, mdp.ActionCount, random);
        _target.LoadStateDict(_q.StateDict());
        _optimizer = new Adam(_q.Parameters(), settings.LearningRate);
        var x = new float[mdp.StateCount * d];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            var f = mdp.Features(s);
            for (int k = 0; k < f.Length; k++) x[s * d + k] = (float)f[k];
            x[s * d + mdp.FeatureCount + s] = 1;
        }
        _inputs = Tensor.FromArray(x, mdp.StateCount, d);
        _state = new int[settings.ReplayCapacity];
        _action = new int[settings.ReplayCapacity];
        _next = new int[settings.ReplayCapacity];
        _current = mdp.SampleStart(random);
    }

    private static Sequential Network(int input, int width, int actions, Generator random) =>
        new(new Linear(input, width, bias: true, random), new Activation(t => t.Relu()), new Linear(width, actions, bias: true, random));

    public string Name => "single-loop neural soft-Q";

    public double[] Step(ReadOnlySpan<double> reward, CostMeter meter)
    {
        int actions = _mdp.ActionCount;
        var policy = CurrentLogPolicy();
        for (int i = 0; i < policy.Length; i++) policy[i] = Math.Exp(policy[i]);
        for (int e = 0; e < _settings.EnvironmentSteps; e++)
        {
            int a = FiniteMdp.SampleIndex(policy.AsSpan(_current * actions, actions), _random);
            int next = _mdp.SampleNext(_current, a, _random);
            _state[_cursor] = _current; _action[_cursor] = a; _next[_cursor] = next;
            _cursor = (_cursor + 1) % _state.Length;
            _stored = Math.Min(_stored + 1, _state.Length);
            meter.EnvironmentSteps++;
            _current = ++_time % _settings.Horizon == 0 ? _mdp.SampleStart(_random) : next;
        }
        for (int j = 0; j < _settings.TdSteps; j++)
        {
            TdUpdate(reward);
            meter.CriticUpdates++;
        }
        return CurrentLogPolicy();
    }

    /// <summary>
    /// One minibatch update of ½·mean_b (Q(s_b, a_b) − y_b)², written over the full S×A output so no gather is needed:
    /// with count c(s, a) and target sum y(s, a) of the batch entries, the loss Σ (c·Q² − 2·y·Q)/B has the same gradient.
    /// </summary>
    private void TdUpdate(ReadOnlySpan<double> reward)
    {
        int actions = _mdp.ActionCount, batch = _settings.Batch;
        double[] targetValue;
        using (GradMode.NoGrad())
        {
            var targetQ = _target.Forward(_inputs).ToArray();
            targetValue = new double[_mdp.StateCount];
            var q = new double[targetQ.Length];
            for (int i = 0; i < q.Length; i++) q[i] = targetQ[i];
            SoftBellman.SoftMax(q, actions, targetValue);
        }
        var count = new float[_mdp.StateCount * actions];
        var targetSum = new float[count.Length];
        for (int b = 0; b < batch; b++)
        {
            int k = _random.NextInt(0, _stored);
            int index = _state[k] * actions + _action[k];
            count[index] += 1f / batch;
            targetSum[index] += (float)((reward[index] + _mdp.Gamma * targetValue[_next[k]]) / batch);
        }
        var qAll = _q.Forward(_inputs);
        var c = Tensor.FromArray(count, _mdp.StateCount, actions);
        var y = Tensor.FromArray(targetSum, _mdp.StateCount, actions);
        var loss = ((c * qAll * qAll) - (y * qAll) * 2f).Sum() * 0.5f;
        _optimizer.ZeroGrad();
        loss.Backward();
        _optimizer.Step();
        TargetNetwork.Polyak(_target, _q, _settings.Polyak);
    }

    private double[] CurrentLogPolicy()
    {
        float[] q;
        using (GradMode.NoGrad()) q = _q.Forward(_inputs).ToArray();
        var values = new double[q.Length];
        for (int i = 0; i < q.Length; i++) values[i] = q[i];
        return SoftBellman.LogPolicy(values, _mdp.ActionCount);
    }
}
