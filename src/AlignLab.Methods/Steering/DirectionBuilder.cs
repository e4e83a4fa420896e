namespace AlignLab.Methods.Steering;

/// <summary>Options of the direction builders that the paper does not pin down (each is a setting, not a constant).</summary>
public sealed record DirectionSettings
{
    /// <summary>Confidence threshold τ of CONFST.</summary>
    public double Threshold { get; init; } = 0.9;
    /// <summary>Subtract the mean of the labelled pool (mean-centring) from history means; ActAdd and CAA are differences already.</summary>
    public bool Center { get; init; } = true;
    public InjectionMode Mode { get; init; } = InjectionMode.Every;

    public void Validate()
    {
        if (!(Threshold >= 0 && Threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), $"threshold must be in [0, 1], got {Threshold}");
    }
}

/// <summary>
/// Builds CONFST and baseline directions from feature vectors [s·d] (see <see cref="ActivationCapture"/>).
/// CONFST: S_k = {i ∈ history : g_k(h_i) ≥ τ}, v_k = mean_{i∈S_k} h_i (minus the pool mean when centred). When no
/// item reaches τ, the single most confident item is used, so a strict threshold degrades instead of failing.
/// </summary>
public static class DirectionBuilder
{
    /// <summary>The class the history prefers: the largest mean probe probability over its items.</summary>
    public static int PreferredClass(LogisticProbe probe, IReadOnlyList<double[]> history)
    {
        var mean = new double[probe.Classes];
        foreach (var h in history)
        {
            var p = probe.Probabilities(h);
            for (int k = 0; k < p.Length; k++) mean[k] += p[k];
        }
        int best = 0;
        for (int k = 1; k < mean.Length; k++) if (mean[k] > mean[best]) best = k;
        return best;
    }

    /// <summary>Indices of the history items whose probability of class <paramref name="k"/> is ≥ τ (fallback: the most confident one).</summary>
    public static int[] ConfidentItems(LogisticProbe probe, IReadOnlyList<double[]> history, int k, double threshold)
    {
        var conf = history.Select(h => probe.Probabilities(h)[k]).ToArray();
        var chosen = Enumerable.Range(0, history.Count).Where(i => conf[i] >= threshold).ToArray();
        if (chosen.Length == 0 && history.Count > 0)
        {
            int best = 0;
            for (int i = 1; i < conf.Length; i++) if (conf[i] > conf[best]) best = i;
            chosen = [best];
        }
        return chosen;
    }

    public static Direction Confst(int layer, LogisticProbe probe, IReadOnlyList<double[]> history, int k, IReadOnlyList<double[]> pool,
        int spanLength, DirectionSettings settings)
    {
        settings.Validate();
        var chosen = settings.Threshold <= 0 ? Enumerable.Range(0, history.Count).ToArray() : ConfidentItems(probe, history, k, settings.Threshold);
        var mean = Mean(chosen.Select(i => history[i]).ToList());
        if (settings.Center) Subtract(mean, Mean(pool));
        return new Direction(layer, Rows(mean, spanLength), chosen.Length);
    }

    /// <summary>Mean steering: CONFST at τ = 0, i.e. every history item.</summary>
    public static Direction MeanSteering(int layer, IReadOnlyList<double[]> history, IReadOnlyList<double[]> pool, int spanLength, bool center)
    {
        var mean = Mean(history);
        if (center) Subtract(mean, Mean(pool));
        return new Direction(layer, Rows(mean, spanLength), history.Count);
    }

    /// <summary>CAA: mean of labelled class-k items minus mean of the other classes' items (each class weighted equally).</summary>
    public static Direction Caa(int layer, IReadOnlyList<double[]> pool, IReadOnlyList<int> labels, int k, int classes, int spanLength)
    {
        var positive = Mean(pool.Where((_, i) => labels[i] == k).ToList());
        var negative = new double[positive.Length];
        int others = 0;
        for (int c = 0; c < classes; c++)
        {
            if (c == k) continue;
            var items = pool.Where((_, i) => labels[i] == c).ToList();
            if (items.Count == 0) continue;
            var m = Mean(items);
            for (int j = 0; j < m.Length; j++) negative[j] += m[j];
            others++;
        }
        if (others == 0) throw new ArgumentException($"CAA needs labelled items of a class other than {k}");
        for (int j = 0; j < negative.Length; j++) positive[j] -= negative[j] / others;
        return new Direction(layer, Rows(positive, spanLength), pool.Count(_ => true));
    }

    /// <summary>ActAdd: the difference of one prompt pair's activations (each [s·d] over the same span), unaveraged.</summary>
    public static Direction ActAdd(int layer, double[] positive, double[] negative, int spanLength)
    {
        if (positive.Length != negative.Length) throw new ArgumentException($"ActAdd's prompt pair has {positive.Length} and {negative.Length} features");
        var diff = new double[positive.Length];
        for (int j = 0; j < diff.Length; j++) diff[j] = positive[j] - negative[j];
        return new Direction(layer, Rows(diff, spanLength), 1);
    }

    public static double[] Mean(IReadOnlyList<double[]> items)
    {
        if (items.Count == 0) throw new ArgumentException("cannot average an empty set of activations");
        var mean = new double[items[0].Length];
        foreach (var x in items)
            for (int j = 0; j < mean.Length; j++) mean[j] += x[j] / items.Count;
        return mean;
    }

    private static void Subtract(double[] x, double[] y)
    {
        for (int j = 0; j < x.Length; j++) x[j] -= y[j];
    }

    private static double[,] Rows(double[] flat, int spanLength)
    {
        if (flat.Length % spanLength != 0) throw new ArgumentException($"{flat.Length} features do not split into {spanLength} span rows");
        int d = flat.Length / spanLength;
        var rows = new double[spanLength, d];
        for (int j = 0; j < spanLength; j++)
            for (int c = 0; c < d; c++) rows[j, c] = flat[j * d + c];
        return rows;
    }
}
