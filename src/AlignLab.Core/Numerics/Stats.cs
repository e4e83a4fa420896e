namespace AlignLab.Core.Numerics;

/// <summary>Order statistics and moments over seeds and trials (small arrays; copies, never reorders the caller's data).</summary>
public static class Stats
{
    public static double Median(ReadOnlySpan<double> values) => Quantile(values, 0.5);

    public static double Median<T>(IReadOnlyList<T> items, Func<T, double> value)
    {
        var values = new double[items.Count];
        for (int i = 0; i < values.Length; i++) values[i] = value(items[i]);
        return Median(values);
    }

    /// <summary>Linear-interpolated quantile (type 7, as numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> values, double q)
    {
        if (values.IsEmpty) throw new ArgumentException("values: cannot take a quantile of nothing", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    public static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("values: cannot average nothing", nameof(values));
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (double v in values) variance += (v - mean) * (v - mean);
        return (mean, values.Length > 1 ? Math.Sqrt(variance / (values.Length - 1)) : 0.0);
    }
}
