namespace AlignLab.Methods.Irl;

/// <summary>Whether a reward sees the state only, r(s), or the state and action, r(s, a).</summary>
public enum RewardInput { State, StateAction }

/// <summary>
/// A reward r_θ(s, a) over a finite MDP with a flat float64 parameter vector. The ML-IRL gradient only needs
/// Σ_{s,a} w(s, a) ∇_θ r_θ(s, a) for a weight table w (<see cref="AddGradient"/>), so every model is driven the same way.
/// </summary>
public interface IRewardModel
{
    string Name { get; }
    RewardInput Input { get; }
    int ParameterCount { get; }
    /// <summary>The live parameters θ (writing to them changes the model).</summary>
    Span<double> Parameters { get; }
    /// <summary>Writes r_θ(s, a) to <paramref name="table"/> (index s·A + a).</summary>
    void Evaluate(Span<double> table);
    /// <summary>gradient += Σ_{s,a} weights(s, a) ∇_θ r_θ(s, a).</summary>
    void AddGradient(ReadOnlySpan<double> weights, Span<double> gradient);
    /// <summary>Projects θ back onto the model's feasible set after a step (a no-op for unconstrained models).</summary>
    void Project();
}

/// <summary>Shared pieces of the reward models: the reward table of an MDP and the state-only weight sums.</summary>
public abstract class RewardModelBase : IRewardModel
{
    protected RewardModelBase(FiniteMdp mdp, RewardInput input)
    {
        Mdp = mdp;
        Input = input;
    }

    protected FiniteMdp Mdp { get; }
    public abstract string Name { get; }
    public RewardInput Input { get; }
    public abstract int ParameterCount { get; }
    public abstract Span<double> Parameters { get; }
    /// <summary>Number of distinct inputs: S (state-only) or S·A.</summary>
    protected int InputCount => Input == RewardInput.State ? Mdp.StateCount : Mdp.StateCount * Mdp.ActionCount;

    /// <summary>Writes the model's value on each input (S or S·A values).</summary>
    protected abstract void EvaluateInputs(Span<double> values);
    /// <summary>gradient += Σ_n weights[n] ∇ value(n) over the inputs.</summary>
    protected abstract void AddInputGradient(ReadOnlySpan<double> weights, Span<double> gradient);

    public void Evaluate(Span<double> table)
    {
        if (table.Length != Mdp.StateCount * Mdp.ActionCount)
            throw new ArgumentException($"reward table has {table.Length} entries, expected S·A = {Mdp.StateCount * Mdp.ActionCount}");
        if (Input == RewardInput.StateAction)
        {
            EvaluateInputs(table);
            return;
        }
        var values = new double[Mdp.StateCount];
        EvaluateInputs(values);
        for (int i = 0; i < table.Length; i++) table[i] = values[i / Mdp.ActionCount];
    }

    public void AddGradient(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        if (Input == RewardInput.StateAction)
        {
            AddInputGradient(weights, gradient);
            return;
        }
        var stateWeights = new double[Mdp.StateCount];
        for (int i = 0; i < weights.Length; i++) stateWeights[i / Mdp.ActionCount] += weights[i];
        AddInputGradient(stateWeights, gradient);
    }

    public virtual void Project() { }

    public double[] Table()
    {
        var table = new double[Mdp.StateCount * Mdp.ActionCount];
        Evaluate(table);
        return table;
    }

    /// <summary>The input vector of input n: φ(s), or [φ(s), e_a] rescaled to unit length for state-action models.</summary>
    protected double[] InputVectors(out int dimension)
    {
        int d = Mdp.FeatureCount, actions = Mdp.ActionCount;
        dimension = Input == RewardInput.State ? d : d + actions;
        var x = new double[InputCount * dimension];
        for (int n = 0; n < InputCount; n++)
        {
            int s = Input == RewardInput.State ? n : n / actions;
            var row = x.AsSpan(n * dimension, dimension);
            Mdp.Features(s).CopyTo(row);
            if (Input == RewardInput.StateAction)
            {
                row[d + n % actions] = 1;
                double norm = 0;
                foreach (double v in row) norm += v * v;
                norm = Math.Sqrt(norm);
                for (int k = 0; k < dimension; k++) row[k] /= norm;
            }
        }
        return x;
    }
}

/// <summary>One free value per state (or state-action): the concave case that reaches the global optimum.</summary>
public sealed class TabularReward(FiniteMdp mdp, RewardInput input = RewardInput.State) : RewardModelBase(mdp, input)
{
    private readonly double[] _theta = new double[input == RewardInput.State ? mdp.StateCount : mdp.StateCount * mdp.ActionCount];
    public override string Name => "tabular";
    public override int ParameterCount => _theta.Length;
    public override Span<double> Parameters => _theta;
    protected override void EvaluateInputs(Span<double> values) => _theta.CopyTo(values);
    protected override void AddInputGradient(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        for (int i = 0; i < weights.Length; i++) gradient[i] += weights[i];
    }
}

/// <summary>r = θᵀx with x the MDP's features (state-only) or [φ(s), e_a] (state-action); misspecified on the gridworld.</summary>
public sealed class LinearReward : RewardModelBase
{
    private readonly double[] _x, _theta;
    private readonly int _dimension;

    public LinearReward(FiniteMdp mdp, RewardInput input = RewardInput.State) : base(mdp, input)
    {
        _x = InputVectors(out _dimension);
        _theta = new double[_dimension];
    }

    public override string Name => "linear";
    public override int ParameterCount => _theta.Length;
    public override Span<double> Parameters => _theta;

    protected override void EvaluateInputs(Span<double> values)
    {
        for (int n = 0; n < values.Length; n++)
        {
            double sum = 0;
            for (int k = 0; k < _dimension; k++) sum += _theta[k] * _x[n * _dimension + k];
            values[n] = sum;
        }
    }

    protected override void AddInputGradient(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        for (int n = 0; n < weights.Length; n++)
            for (int k = 0; k < _dimension; k++) gradient[k] += weights[n] * _x[n * _dimension + k];
    }
}
