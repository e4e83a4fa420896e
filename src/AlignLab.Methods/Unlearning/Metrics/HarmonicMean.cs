namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>Python's <c>statistics.harmonic_mean</c>: 0 when any value is 0, an error on a negative value.</summary>
public static class HarmonicMean
{
    public static double Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("harmonic mean of no values");
        double inverse = 0;
        foreach (var v in values)
        {
            if (v < 0 || double.IsNaN(v)) throw new ArgumentException($"harmonic mean of a negative or NaN value ({v})");
            if (v == 0) return 0;
            inverse += 1 / v;
        }
        return values.Count / inverse;
    }
}
