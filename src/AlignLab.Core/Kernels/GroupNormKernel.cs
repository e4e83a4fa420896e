namespace AlignLab.Core.Kernels;

/// <summary>
/// One group of group norm: <c>channels</c> planes of <c>plane</c> values each, contiguous, normalised together and
/// then scaled and shifted per channel. Statistics in double, variance around the mean (two passes), as layer norm.
/// </summary>
public static class GroupNormKernel
{
    /// <summary>y = (x − μ)·rstd·w[c] + b[c]; returns (μ, rstd) for the backward.</summary>
    public static (float Mean, float Rstd) Forward(ReadOnlySpan<float> x, int plane, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, float eps)
    {
        int count = x.Length;
        float mu = (float)(Reduce.Sum(x) / count);
        double var = 0;
        for (int i = 0; i < count; i++) { double d = x[i] - mu; var += d * d; }
        float rs = (float)(1.0 / Math.Sqrt(var / count + eps));
        for (int ch = 0, channels = count / plane; ch < channels; ch++)
        {
            float scale = rs * w[ch], shift = b.IsEmpty ? 0f : b[ch];
            var xs = x.Slice(ch * plane, plane); var ys = y.Slice(ch * plane, plane);
            for (int i = 0; i < plane; i++) ys[i] = (xs[i] - mu) * scale + shift;
        }
        return (mu, rs);
    }

    /// <summary>
    /// dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) over the group, with x̂ = (x − μ)·rstd and ĝ = g·w[c]; adds Σ g·x̂ to
    /// <paramref name="dw"/>[c] and Σ g to <paramref name="db"/>[c] (this group's own slots, so groups never share them).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, int plane, ReadOnlySpan<float> w, float mu, float rs,
        Span<float> dx, Span<float> dw, Span<float> db)
    {
        int count = x.Length, channels = count / plane;
        double s1 = 0, s2 = 0;
        for (int ch = 0; ch < channels; ch++)
        {
            double gx = 0, gs = 0;
            var xs = x.Slice(ch * plane, plane); var gsn = g.Slice(ch * plane, plane);
            for (int i = 0; i < plane; i++) { double xh = (xs[i] - mu) * rs; gx += gsn[i] * xh; gs += gsn[i]; }
            dw[ch] += (float)gx; db[ch] += (float)gs;
            s1 += gs * w[ch]; s2 += gx * w[ch];
        }
        float m1 = (float)(s1 / count), m2 = (float)(s2 / count);
        for (int ch = 0; ch < channels; ch++)
        {
            float wc = w[ch];
            var xs = x.Slice(ch * plane, plane); var gsn = g.Slice(ch * plane, plane); var dxs = dx.Slice(ch * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                float xh = (xs[i] - mu) * rs;
                dxs[i] = rs * (gsn[i] * wc - m1 - xh * m2);
            }
        }
    }
}
