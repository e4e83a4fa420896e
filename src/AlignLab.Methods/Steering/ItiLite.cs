using AlignLab.Core;

namespace AlignLab.Methods.Steering;

/// <summary>Options of ITI-lite (inference-time intervention on the most class-informative attention heads).</summary>
public sealed record ItiSettings
{
    /// <summary>K: how many heads (over all layers) are steered.</summary>
    public int TopHeads { get; init; } = 4;
    /// <summary>Share of the labelled pool held out to rank the heads' probes (ITI ranks by validation accuracy).</summary>
    public double ValidationShare { get; init; } = 0.3;
    public ProbeSettings Probe { get; init; } = new() { Iterations = 200 };
    public ulong SplitSeed { get; init; } = 5;

    public void Validate()
    {
        if (TopHeads < 1) throw new ArgumentOutOfRangeException(nameof(TopHeads), $"top heads must be >= 1, got {TopHeads}");
        if (!(ValidationShare > 0 && ValidationShare < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationShare), $"validation share must be in (0, 1), got {ValidationShare}");
    }
}

/// <summary>A head with its probe's held-out accuracy.</summary>
public readonly record struct HeadScore(int Layer, int Head, double Accuracy);

/// <summary>
/// ITI-lite (after Li et al.): a K-way logistic probe on each attention head's output (averaged over the feature span);
/// the heads whose probes are most accurate on held-out pool items are steered, each along its mass-mean shift
/// θ_h = mean(class k) − mean(other classes), as x_h += σ_h·θ̂_h, where σ_h is the std of the pool's activations
/// along θ̂_h. The shifts are added at every position.
/// </summary>
public static class ItiLite
{
    /// <summary>Every head ranked by held-out probe accuracy, best first (ties: earlier layer, then head).</summary>
    public static List<HeadScore> RankHeads(double[][][] heads, IReadOnlyList<int> labels, int classes, int headCount, ItiSettings settings)
    {
        settings.Validate();
        int n = labels.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        new Generator(settings.SplitSeed).Shuffle(order);
        int held = Math.Max(1, (int)Math.Round(settings.ValidationShare * n));
        if (n - held < 2) throw new ArgumentException($"ITI needs at least 3 labelled items to fit and rank head probes, got {n}");
        var valIdx = order[..held];
        var fitIdx = order[held..];
        var scores = new List<HeadScore>();
        for (int l = 0; l < heads.Length; l++)
        {
            int hd = heads[l][0].Length / headCount;
            for (int h = 0; h < headCount; h++)
            {
                var fit = fitIdx.Select(i => Slice(heads[l][i], h, hd)).ToList();
                var probe = LogisticProbe.Fit(fit, fitIdx.Select(i => labels[i]).ToList(), classes, settings.Probe);
                double acc = probe.Accuracy(valIdx.Select(i => Slice(heads[l][i], h, hd)).ToList(), valIdx.Select(i => labels[i]).ToList());
                scores.Add(new HeadScore(l, h, acc));
            }
        }
        return scores.OrderByDescending(s => s.Accuracy).ThenBy(s => s.Layer).ThenBy(s => s.Head).ToList();
    }

    /// <summary>σ·θ̂ for one head: the unit mass-mean shift toward class <paramref name="k"/>, times the std of the items along it.</summary>
    public static double[] Shift(IReadOnlyList<double[]> headItems, IReadOnlyList<int> labels, int k)
    {
        int hd = headItems[0].Length;
        var pos = new double[hd];
        var neg = new double[hd];
        int np = 0, nn = 0;
        for (int i = 0; i < headItems.Count; i++)
        {
            var target = labels[i] == k ? pos : neg;
            for (int c = 0; c < hd; c++) target[c] += headItems[i][c];
            if (labels[i] == k) np++; else nn++;
        }
        if (np == 0 || nn == 0) throw new ArgumentException($"ITI's mass-mean shift needs items of class {k} and of another class");
        var theta = new double[hd];
        double norm = 0;
        for (int c = 0; c < hd; c++) { theta[c] = pos[c] / np - neg[c] / nn; norm += theta[c] * theta[c]; }
        norm = Math.Sqrt(norm);
        if (norm < 1e-12) return theta;
        for (int c = 0; c < hd; c++) theta[c] /= norm;
        double mean = 0, sq = 0;
        foreach (var x in headItems)
        {
            double p = 0;
            for (int c = 0; c < hd; c++) p += x[c] * theta[c];
            mean += p;
            sq += p * p;
        }
        mean /= headItems.Count;
        double sigma = Math.Sqrt(Math.Max(0, sq / headItems.Count - mean * mean));
        for (int c = 0; c < hd; c++) theta[c] *= sigma;
        return theta;
    }

    /// <summary>Per layer with a chosen head, the [H·hd] shift (zero for the heads not chosen).</summary>
    public static Dictionary<int, double[]> Shifts(double[][][] heads, IReadOnlyList<int> labels, int k, int headCount, IEnumerable<HeadScore> chosen)
    {
        var shifts = new Dictionary<int, double[]>();
        foreach (var c in chosen)
        {
            int width = heads[c.Layer][0].Length, hd = width / headCount;
            if (!shifts.TryGetValue(c.Layer, out var v)) shifts[c.Layer] = v = new double[width];
            var s = Shift(heads[c.Layer].Select(x => Slice(x, c.Head, hd)).ToList(), labels, k);
            Array.Copy(s, 0, v, c.Head * hd, hd);
        }
        return shifts;
    }

    private static double[] Slice(double[] x, int head, int hd) => x.AsSpan(head * hd, hd).ToArray();
}
