namespace AlignLab.Methods.Irl;

/// <summary>
/// The state-space linear system (I − γ P_πᵀ) x = b of a fixed policy π, factorised once (dense LU with partial
/// pivoting, S×S) and solved for any right-hand side. Its solutions are discounted occupancies and the successor
/// weights of the exact likelihood gradient; a direct solve is exact where power iteration would need ~log(ε)/log(γ)
/// sweeps.
/// </summary>
public sealed class StateFlow
{
    private readonly int _n;
    private readonly double[] _lu;
    private readonly int[] _pivot;
    public FiniteMdp Mdp { get; }
    /// <summary>π(a|s) (index s·A + a).</summary>
    public double[] Policy { get; }

    public StateFlow(FiniteMdp mdp, ReadOnlySpan<double> logPolicy)
    {
        Mdp = mdp;
        int n = _n = mdp.StateCount, actions = mdp.ActionCount;
        Policy = new double[logPolicy.Length];
        for (int i = 0; i < Policy.Length; i++) Policy[i] = Math.Exp(logPolicy[i]);
        // A = I − γ P_πᵀ: A[s', s] = δ − γ Σ_a π(a|s) P(s'|s, a).
        _lu = new double[n * n];
        for (int s = 0; s < n; s++) _lu[s * n + s] = 1;
        for (int s = 0; s < n; s++)
            for (int a = 0; a < actions; a++)
            {
                double weight = mdp.Gamma * Policy[s * actions + a];
                var (next, probability) = mdp.Successors(s, a);
                for (int k = 0; k < next.Length; k++) _lu[next.Span[k] * n + s] -= weight * probability.Span[k];
            }
        _pivot = new int[n];
        for (int col = 0; col < n; col++)
        {
            int best = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(_lu[r * n + col]) > Math.Abs(_lu[best * n + col])) best = r;
            _pivot[col] = best;
            if (best != col)
                for (int c = 0; c < n; c++) (_lu[col * n + c], _lu[best * n + c]) = (_lu[best * n + c], _lu[col * n + c]);
            double diag = _lu[col * n + col]; // never 0: A is strictly column diagonally dominant for γ < 1
            for (int r = col + 1; r < n; r++)
            {
                double factor = _lu[r * n + col] /= diag;
                if (factor == 0) continue;
                for (int c = col + 1; c < n; c++) _lu[r * n + c] -= factor * _lu[col * n + c];
            }
        }
    }

    /// <summary>Solves (I − γ P_πᵀ) x = b in place.</summary>
    public void Solve(Span<double> b)
    {
        int n = _n;
        for (int col = 0; col < n; col++) if (_pivot[col] != col) (b[col], b[_pivot[col]]) = (b[_pivot[col]], b[col]);
        for (int r = 1; r < n; r++)
        {
            double sum = b[r];
            for (int c = 0; c < r; c++) sum -= _lu[r * n + c] * b[c];
            b[r] = sum;
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int c = r + 1; c < n; c++) sum -= _lu[r * n + c] * b[c];
            b[r] = sum / _lu[r * n + r];
        }
    }

    /// <summary>
    /// The normalised discounted state-action occupancy d(s, a) = (1 − γ) Σ_t γ^t Pr(s_t = s, a_t = a), which sums to
    /// one: d_S solves (I − γ P_πᵀ) d_S = (1 − γ) η and d(s, a) = d_S(s) π(a|s).
    /// </summary>
    public double[] Occupancy(CostMeter? meter = null)
    {
        var state = new double[_n];
        for (int s = 0; s < _n; s++) state[s] = (1 - Mdp.Gamma) * Mdp.Start[s];
        Solve(state);
        var occupancy = new double[Policy.Length];
        for (int i = 0; i < occupancy.Length; i++) occupancy[i] = state[i / Mdp.ActionCount] * Policy[i];
        if (meter is not null) meter.OccupancySolves++;
        return occupancy;
    }

    /// <summary>
    /// Discounted value of π under a reward table, V^π = (I − γ P_π)^{-1} r_π, as η·V^π (no entropy term): the true
    /// return J(π). Computed as Σ d(s, a) r(s, a) / (1 − γ) from the occupancy.
    /// </summary>
    public double Return(ReadOnlySpan<double> reward)
    {
        var d = Occupancy();
        double sum = 0;
        for (int i = 0; i < d.Length; i++) sum += d[i] * reward[i];
        return sum / (1 - Mdp.Gamma);
    }
}
