namespace AlignLab.Core.Kernels;

/// <summary>
/// Reductions of one strided line (n elements, <c>stride</c> apart): how an axis reduction sees the elements of one
/// output when the axis is not the last. Accumulation is in double, like <see cref="Reduce"/>.
/// </summary>
public static class AxisReductions
{
    public static double Sum(ReadOnlySpan<float> line, int n, int stride)
    {
        if (stride == 1) return Reduce.Sum(line[..n]);
        double s = 0;
        for (int k = 0; k < n; k++) s += line[k * stride];
        return s;
    }

    /// <summary>The maximum and the index of its first occurrence (where a max's gradient goes).</summary>
    public static (float Value, int Index) Max(ReadOnlySpan<float> line, int n, int stride)
    {
        float m = line[0];
        int best = 0;
        for (int k = 1; k < n; k++)
            if (line[k * stride] > m) { m = line[k * stride]; best = k; }
        return (m, best);
    }

    /// <summary>log Σ exp with the maximum subtracted; −∞ when every element is −∞.</summary>
    public static double LogSumExp(ReadOnlySpan<float> line, int n, int stride)
    {
        float m = float.NegativeInfinity;
        for (int k = 0; k < n; k++) m = Math.Max(m, line[k * stride]);
        if (float.IsNegativeInfinity(m)) return m;
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.Exp(line[k * stride] - m);
        return m + Math.Log(s);
    }

    /// <summary>Σ (x − mean)² / <paramref name="denominator"/>, two-pass so a large mean does not cancel the spread.</summary>
    public static double Variance(ReadOnlySpan<float> line, int n, int stride, int denominator)
    {
        double sum = 0, s2 = 0;
        for (int k = 0; k < n; k++) sum += line[k * stride];
        double mean = sum / n;
        for (int k = 0; k < n; k++) { double c = line[k * stride] - mean; s2 += c * c; }
        return s2 / denominator;
    }
}
