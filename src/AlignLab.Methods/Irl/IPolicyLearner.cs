namespace AlignLab.Methods.Irl;

/// <summary>
/// The lower level of ML-IRL: given the current reward table, move the policy towards the reward's soft-optimal policy
/// and return the new policy (as log π, index s·A + a). Learners keep their state between calls (warm start).
/// </summary>
public interface IPolicyLearner
{
    string Name { get; }
    double[] Step(ReadOnlySpan<double> reward, CostMeter meter);
}

/// <summary>Nested loop: soft value iteration to ‖ΔQ‖∞ &lt; tolerance on every reward step (warm-started from the previous Q).</summary>
public sealed class NestedSoftValueIteration(FiniteMdp mdp, double tolerance = 1e-8) : IPolicyLearner
{
    private readonly double[] _q = new double[mdp.StateCount * mdp.ActionCount];
    public string Name => "nested";
    public double[] Step(ReadOnlySpan<double> reward, CostMeter meter)
    {
        SoftBellman.Solve(mdp, reward, _q, tolerance, meter);
        return SoftBellman.LogPolicy(_q, mdp.ActionCount);
    }
}

/// <summary>
/// Single loop: exactly one soft Bellman backup of the warm-started Q per reward step, π ← softmax(Q).
/// With π_k = softmax(Q_k) the soft policy-evaluation backup of π_k and the optimality backup coincide, so this is
/// one soft policy-iteration step with one evaluation sweep.
/// </summary>
public sealed class SingleBackup(FiniteMdp mdp) : IPolicyLearner
{
    private readonly double[] _q = new double[mdp.StateCount * mdp.ActionCount];
    public string Name => "single-loop";
    public double[] Step(ReadOnlySpan<double> reward, CostMeter meter)
    {
        SoftBellman.Backup(mdp, reward, _q, meter);
        return SoftBellman.LogPolicy(_q, mdp.ActionCount);
    }
}
