namespace AlignLab.Methods.Irl;

/// <summary>
/// The entropy-regularised (temperature 1) Bellman operator and soft value iteration, in float64:
/// (T Q)(s, a) = r(s, a) + γ Σ_s' P(s'|s, a) log Σ_a' exp Q(s', a'). One application is one Bellman backup on the cost
/// meter. Float64 because the likelihood gaps and gradient norms the experiments compare go down to 1e-8.
/// </summary>
public static class SoftBellman
{
    /// <summary>V(s) = log Σ_a exp Q(s, a) (stable).</summary>
    public static void SoftMax(ReadOnlySpan<double> q, int actions, Span<double> value)
    {
        for (int s = 0; s < value.Length; s++)
        {
            var row = q.Slice(s * actions, actions);
            double max = double.NegativeInfinity;
            foreach (double x in row) max = Math.Max(max, x);
            double sum = 0;
            foreach (double x in row) sum += Math.Exp(x - max);
            value[s] = max + Math.Log(sum);
        }
    }

    /// <summary>log π(a|s) = Q(s, a) − V(s): the soft-greedy policy of Q.</summary>
    public static double[] LogPolicy(ReadOnlySpan<double> q, int actions)
    {
        int states = q.Length / actions;
        var value = new double[states];
        SoftMax(q, actions, value);
        var log = new double[q.Length];
        for (int i = 0; i < q.Length; i++) log[i] = q[i] - value[i / actions];
        return log;
    }

    /// <summary>One backup Q ← T Q in place; returns ‖ΔQ‖∞ and counts one backup.</summary>
    public static double Backup(FiniteMdp mdp, ReadOnlySpan<double> reward, Span<double> q, CostMeter? meter = null)
    {
        var value = new double[mdp.StateCount];
        var expected = new double[q.Length];
        SoftMax(q, mdp.ActionCount, value);
        mdp.Expect(value, expected);
        double change = 0;
        for (int i = 0; i < q.Length; i++)
        {
            double updated = reward[i] + mdp.Gamma * expected[i];
            change = Math.Max(change, Math.Abs(updated - q[i]));
            q[i] = updated;
        }
        if (meter is not null) meter.BellmanBackups++;
        return change;
    }

    /// <summary>
    /// Soft value iteration from <paramref name="q"/> (a warm start, or zeros) until ‖ΔQ‖∞ &lt; tolerance; returns the
    /// number of backups. Each backup is a γ-contraction, so the error to the fixed point is ≤ γ/(1−γ)·‖ΔQ‖∞.
    /// </summary>
    public static int Solve(FiniteMdp mdp, ReadOnlySpan<double> reward, Span<double> q, double tolerance = 1e-10,
                            CostMeter? meter = null, int maxBackups = 100_000)
    {
        for (int k = 1; k <= maxBackups; k++)
            if (Backup(mdp, reward, q, meter) < tolerance) return k;
        throw new InvalidOperationException($"soft value iteration did not reach ‖ΔQ‖∞ < {tolerance:g} in {maxBackups} backups");
    }

    /// <summary>The soft-optimal Q of a reward from a cold start (not charged to any meter: ground truth).</summary>
    public static double[] OptimalQ(FiniteMdp mdp, ReadOnlySpan<double> reward, double tolerance = 1e-11)
    {
        var q = new double[mdp.StateCount * mdp.ActionCount];
        Solve(mdp, reward, q, tolerance);
        return q;
    }
}
