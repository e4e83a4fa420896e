using AlignLab.Core;

namespace AlignLab.Methods.Irl;

/// <summary>
/// A finite discounted MDP (S, A, P, η, γ) with state features and, optionally, a known true reward r*(s, a).
/// Transitions are stored sparsely per (s, a) row (row index s·A + a), because gridworld rows have a handful of
/// successors and a soft Bellman backup then costs O(nonzeros) instead of O(S²A).
/// </summary>
public sealed class FiniteMdp : IEnvironment
{
    private readonly int[] _rowStart;
    private readonly int[] _next;
    private readonly double[] _probability;
    private readonly double[] _start;
    private readonly double[] _features;
    private readonly double[]? _trueReward;

    public int StateCount { get; }
    public int ActionCount { get; }
    public double Gamma { get; }
    public int FeatureCount { get; }
    /// <summary>
    /// Builds an MDP from dense arrays: <paramref name="transitions"/>[(s·A + a)·S + s'] = P(s'|s, a), start
    /// distribution η, state features (S × FeatureCount, row-major; null gives one-hot features) and an optional true
    /// reward (S·A entries). Every array is validated and every error names the entry at fault.
    /// </summary>
    public FiniteMdp(int states, int actions, double gamma, ReadOnlySpan<double> transitions, ReadOnlySpan<double> start,
                     double[]? features = null, int featureCount = 0, double[]? trueReward = null)
        : this(states, actions, gamma, DenseRows(states, actions, transitions), start, features, featureCount, trueReward) { }

    /// <summary>
    /// Builds an MDP from sparse rows: <paramref name="rows"/>[s·A + a] lists (s', P(s'|s, a)) with every s' at most once,
    /// for MDPs whose dense S·A·S array would not fit (e.g. a fine discretisation).
    /// </summary>
    public FiniteMdp(int states, int actions, double gamma, IReadOnlyList<(int Next, double Probability)[]> rows, ReadOnlySpan<double> start,
                     double[]? features = null, int featureCount = 0, double[]? trueReward = null)
    {
        if (states < 1) throw new ArgumentException($"states: {states} must be at least 1");
        if (actions < 1) throw new ArgumentException($"actions: {actions} must be at least 1");
        if (!(gamma >= 0 && gamma < 1)) throw new ArgumentException($"gamma: {gamma} must be in [0, 1)");
        if (rows.Count != states * actions) throw new ArgumentException($"transitions: {rows.Count} rows, expected S·A = {states * actions}");
        StateCount = states;
        ActionCount = actions;
        Gamma = gamma;
        _rowStart = new int[states * actions + 1];
        var next = new List<int>();
        var probability = new List<double>();
        for (int row = 0; row < rows.Count; row++)
        {
            double total = 0;
            foreach (var (s2, p) in rows[row])
            {
                if (s2 < 0 || s2 >= states) throw new ArgumentException($"transitions[state {row / actions}, action {row % actions}]: next state {s2} is out of range");
                if (!(p >= 0 && p <= 1 + 1e-12))
                    throw new ArgumentException($"transitions[state {row / actions}, action {row % actions}, next {s2}] = {p} is not a probability");
                if (p == 0) continue;
                next.Add(s2);
                probability.Add(p);
                total += p;
            }
            if (Math.Abs(total - 1) > 1e-9)
                throw new ArgumentException($"transitions[state {row / actions}, action {row % actions}, ·] sums to {total}, not 1");
            _rowStart[row + 1] = next.Count;
        }
        _next = next.ToArray();
        _probability = probability.ToArray();
        _start = ValidateDistribution(start, states, "start");

        if (features is null)
        {
            FeatureCount = states;
            _features = new double[states * states];
            for (int s = 0; s < states; s++) _features[s * states + s] = 1;
        }
        else
        {
            if (featureCount < 1 || features.Length != states * featureCount)
                throw new ArgumentException($"features: {features.Length} values do not form {states} rows of {featureCount} features");
            foreach (double f in features) if (!double.IsFinite(f)) throw new ArgumentException("features: contains a non-finite value");
            FeatureCount = featureCount;
            _features = (double[])features.Clone();
        }
        if (trueReward is not null)
        {
            if (trueReward.Length != states * actions)
                throw new ArgumentException($"reward: {trueReward.Length} entries, expected S·A = {states * actions} (or S = {states} for a state-only reward)");
            foreach (double r in trueReward) if (!double.IsFinite(r)) throw new ArgumentException("reward: contains a non-finite value");
            _trueReward = (double[])trueReward.Clone();
        }
    }

    private static (int, double)[][] DenseRows(int states, int actions, ReadOnlySpan<double> transitions)
    {
        if (transitions.Length != states * actions * states)
            throw new ArgumentException($"transitions: {transitions.Length} entries, expected S·A·S = {states}·{actions}·{states} = {states * actions * states}");
        var rows = new (int, double)[states * actions][];
        var row = new List<(int, double)>();
        for (int r = 0; r < rows.Length; r++)
        {
            row.Clear();
            for (int s2 = 0; s2 < states; s2++)
                if (transitions[r * states + s2] != 0) row.Add((s2, transitions[r * states + s2]));
            rows[r] = row.ToArray();
        }
        return rows;
    }

    private static double[] ValidateDistribution(ReadOnlySpan<double> values, int states, string name)
    {
        if (values.Length != states) throw new ArgumentException($"{name}: {values.Length} entries, expected {states}");
        double total = 0;
        for (int s = 0; s < states; s++)
        {
            if (!(values[s] >= 0)) throw new ArgumentException($"{name}[{s}] = {values[s]} is negative or not a number");
            total += values[s];
        }
        if (Math.Abs(total - 1) > 1e-9) throw new ArgumentException($"{name} sums to {total}, not 1");
        return values.ToArray();
    }

    /// <summary>η(s).</summary>
    public ReadOnlySpan<double> Start => _start;

    /// <summary>r*(s, a) (index s·A + a), or null when the MDP carries no true reward.</summary>
    public ReadOnlySpan<double> TrueReward => _trueReward;
    public bool HasTrueReward => _trueReward is not null;

    public ReadOnlySpan<double> Features(int state) => _features.AsSpan(state * FeatureCount, FeatureCount);

    /// <summary>Successor states and probabilities of (s, a).</summary>
    public (ReadOnlyMemory<int> Next, ReadOnlyMemory<double> Probability) Successors(int state, int action)
    {
        int row = state * ActionCount + action, from = _rowStart[row], count = _rowStart[row + 1] - from;
        return (_next.AsMemory(from, count), _probability.AsMemory(from, count));
    }

    /// <summary>Σ_s' P(s'|s, a)·v(s') for every (s, a), written to <paramref name="into"/> (S·A entries).</summary>
    public void Expect(ReadOnlySpan<double> v, Span<double> into)
    {
        for (int row = 0; row < into.Length; row++)
        {
            double sum = 0;
            for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++) sum += _probability[k] * v[_next[k]];
            into[row] = sum;
        }
    }

    /// <summary>into(s') += Σ_{s,a} P(s'|s, a)·w(s, a): the transpose of <see cref="Expect"/>.</summary>
    public void AccumulateFlow(ReadOnlySpan<double> w, Span<double> into)
    {
        for (int row = 0; row < w.Length; row++)
        {
            double weight = w[row];
            if (weight == 0) continue;
            for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++) into[_next[k]] += weight * _probability[k];
        }
    }

    public int SampleStart(Generator random) => SampleIndex(_start, random);

    public int SampleNext(int state, int action, Generator random)
    {
        int row = state * ActionCount + action;
        double u = random.NextDouble();
        int last = _rowStart[row + 1] - 1;
        for (int k = _rowStart[row]; k < last; k++)
        {
            u -= _probability[k];
            if (u < 0) return _next[k];
        }
        return _next[last];
    }

    internal static int SampleIndex(ReadOnlySpan<double> probabilities, Generator random)
    {
        double u = random.NextDouble();
        int lastPositive = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0) continue;
            lastPositive = i;
            u -= probabilities[i];
            if (u < 0) return i;
        }
        return lastPositive; // rounding left u ≥ 0 after the last entry
    }

    /// <summary>The dense transition array (s·A + a)·S + s', e.g. to build a modified copy.</summary>
    public double[] DenseTransitions()
    {
        var dense = new double[StateCount * ActionCount * StateCount];
        for (int row = 0; row < StateCount * ActionCount; row++)
            for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++) dense[row * StateCount + _next[k]] = _probability[k];
        return dense;
    }

    /// <summary>Expands a state-only reward r(s) to r(s, a) = r(s) (S·A entries).</summary>
    public static double[] StateToStateAction(ReadOnlySpan<double> stateReward, int actions)
    {
        var table = new double[stateReward.Length * actions];
        for (int s = 0; s < stateReward.Length; s++) table.AsSpan(s * actions, actions).Fill(stateReward[s]);
        return table;
    }
}
