namespace AlignLab.Core.Kernels;

/// <summary>Rotate-half RoPE on rows of D = 2·half values: pair (x[i], x[i + half]) turned by the tabled angle, or back.</summary>
public static class RopeKernel
{
    /// <param name="rowsPerTable">Rows of x ([B, H, T] flattened) that share one table of T positions.</param>
    public static void Rotate(ReadOnlySpan<float> x, Span<float> y, int t, int d, int rowsPerTable, float[] cos, float[] sin, bool inverse)
    {
        int half = d / 2;
        float sign = inverse ? -1f : 1f;
        for (int row = 0; row < x.Length / d; row++)
        {
            int p = row / rowsPerTable * t + row % t, o = row * d;
            for (int i = 0; i < half; i++)
            {
                float c = cos[p * half + i], s = sign * sin[p * half + i];
                float a = x[o + i], b = x[o + i + half];
                y[o + i] = a * c - b * s;
                y[o + i + half] = b * c + a * s;
            }
        }
    }
}
