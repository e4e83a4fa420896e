using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

public static partial class F
{
    /// <summary>
    /// Rotary position embedding in the Hugging Face rotate-half convention on x [B, H, T, D]: pairs are
    /// (x[i], x[i + D/2]) rotated by angle pos·θ^(−2i/D), positions <paramref name="startPosition"/> … + T − 1.
    /// The backward is the inverse rotation.
    /// </summary>
    public static Tensor Rope(Tensor x, float theta = 10000f, int startPosition = 0)
    {
        if (x.Rank != 4 || x.Shape[3] % 2 != 0) throw new ArgumentException($"rope expects [batch, heads, time, even dim], got {ShapeUtil.Format(x.Shape)}");
        return Rope(x, RopeFrequencies(x.Shape[3], theta), startPosition);
    }

    /// <summary>θ^(−2i/D) for i &lt; D/2, rounded to float as Hugging Face keeps them.</summary>
    public static float[] RopeFrequencies(int headDim, float theta)
    {
        var f = new float[headDim / 2];
        for (int i = 0; i < f.Length; i++) f[i] = (float)(1.0 / Math.Pow(theta, 2.0 * i / headDim));
        return f;
    }

    /// <summary>
    /// Rotary embedding with given inverse frequencies (one per pair), e.g. rescaled for a long context. With
    /// <paramref name="rowOffsets"/> (one per batch row: left-padding lengths), row b's token p sits at position
    /// startPosition + p − rowOffsets[b] (padding, which is never attended to, at 0).
    /// </summary>
    public static Tensor Rope(Tensor x, float[] inverseFrequencies, int startPosition = 0, int[]? rowOffsets = null)
    {
        if (x.Rank != 4 || x.Shape[3] % 2 != 0) throw new ArgumentException($"rope expects [batch, heads, time, even dim], got {ShapeUtil.Format(x.Shape)}");
        int b = x.Shape[0], t = x.Shape[2], d = x.Shape[3], half = d / 2;
        if (inverseFrequencies.Length != half) throw new ArgumentException($"rope on head dim {d} needs {half} inverse frequencies, got {inverseFrequencies.Length}");
        if (rowOffsets != null && rowOffsets.Length != b) throw new ArgumentException($"rope got {rowOffsets.Length} row offsets for a batch of {b}");
        int tables = rowOffsets is null ? 1 : b;
        var cos = new float[tables * t * half]; var sin = new float[tables * t * half];
        for (int r = 0; r < tables; r++)
            for (int p = 0; p < t; p++)
                for (int i = 0; i < half; i++)
                {
                    int position = Math.Max(0, startPosition + p - (rowOffsets?[r] ?? 0));
                    double angle = position * (double)inverseFrequencies[i];
                    cos[(r * t + p) * half + i] = (float)Math.Cos(angle); sin[(r * t + p) * half + i] = (float)Math.Sin(angle);
                }
        var src = x.Contiguous();
        var y = Tensor.Empty(src.Shape);
        int rowsPerTable = rowOffsets is null ? int.MaxValue : x.Shape[1] * t;
        RopeKernel.Rotate(src.Storage.AsSpan(src.Offset, src.Numel), y.Storage, t, d, rowsPerTable, cos, sin, inverse: false);
        return OpRecorder.Record(y, Op.Rope, src, g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Empty(src.Shape);
            RopeKernel.Rotate(gc.AsSpan(), dx.Storage, t, d, rowsPerTable, cos, sin, inverse: true);
            return dx;
        });
    }
}
