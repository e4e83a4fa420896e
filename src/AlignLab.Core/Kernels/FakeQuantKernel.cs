namespace AlignLab.Core.Kernels;

/// <summary>
/// Uniform min-max quantization of one group of values, returned dequantized (fake quantization). Asymmetric:
/// s = c(max − min)/(2^b − 1), z = round(−c·min/s), Q(x) = s(clamp(round(x/s) + z, 0, 2^b − 1) − z), so 0 is always
/// on the grid. Symmetric: s = c·max|x|/(2^(b−1) − 1), Q(x) = s·clamp(round(x/s), −2^(b−1), 2^(b−1) − 1). Rounding is
/// to nearest even and every step is a float32 operation in the order written, as PyTorch computes it.
/// </summary>
public static class FakeQuantKernel
{
    /// <summary>The scale and integer zero point of one group (zero is 0 for symmetric groups); scale 0 for a constant-zero group.</summary>
    public static (float Scale, float Zero) Parameters(ReadOnlySpan<float> group, int bits, bool symmetric, float clip)
    {
        if (symmetric)
        {
            float amax = 0f;
            foreach (float v in group) amax = MathF.Max(amax, MathF.Abs(v));
            return (clip * amax / ((1 << (bits - 1)) - 1), 0f);
        }
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in group) { min = MathF.Min(min, v); max = MathF.Max(max, v); }
        // The grid must contain 0 (zero padding and exact zeros stay exact), as in every min-max quantizer.
        min = MathF.Min(clip * min, 0f);
        max = MathF.Max(clip * max, 0f);
        float scale = (max - min) / ((1 << bits) - 1);
        return scale == 0f ? (0f, 0f) : (scale, MathF.Round(-min / scale, MidpointRounding.ToEven));
    }

    /// <summary>The integer code of x in [0, 2^b − 1] (asymmetric) or [−2^(b−1), 2^(b−1) − 1] (symmetric).</summary>
    public static int Code(float x, float scale, float zero, int bits, bool symmetric)
    {
        if (scale == 0f) return symmetric ? 0 : (int)zero;
        float q = MathF.Round(x / scale, MidpointRounding.ToEven) + zero;
        return symmetric
            ? (int)Math.Clamp(q, -(1 << (bits - 1)), (1 << (bits - 1)) - 1)
            : (int)Math.Clamp(q, 0f, (1 << bits) - 1);
    }

    /// <summary>Quantizes <paramref name="x"/> in consecutive groups of <paramref name="groupSize"/> and writes the dequantized values.</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y, int groupSize, int bits, bool symmetric, float clip)
    {
        for (int g = 0; g < x.Length; g += groupSize)
        {
            var group = x.Slice(g, groupSize);
            var (scale, zero) = Parameters(group, bits, symmetric, clip);
            for (int i = 0; i < groupSize; i++)
                y[g + i] = scale * (Code(group[i], scale, zero, bits, symmetric) - zero);
        }
    }
}
