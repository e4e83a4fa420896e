using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>
/// One row of layer norm forward and backward, fused into as few passes as the math allows (a row is a few KB and
/// stays in L1 between passes). Sums run in 16 float lanes and the lanes are added in double, as in
/// <see cref="Reduce"/>; the variance is taken around the mean (two passes), never as E[x²] − E[x]².
/// </summary>
public static class LayerNormKernel
{
    /// <summary>y = (x − μ)·rstd·w (+ b); returns (μ, rstd) for the backward.</summary>
    public static (float Mean, float Rstd) Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y, float eps)
    {
        int c = x.Length;
        float mu = (float)(Reduce.Sum(x) / c);
        ref float xr = ref MemoryMarshal.GetReference(x);
        var acc = Vector512<float>.Zero; var m = Vector512.Create(mu);
        int i = 0;
        for (; i + 16 <= c; i += 16) { var d = Vector512.LoadUnsafe(ref xr, (nuint)i) - m; acc = Vector512.FusedMultiplyAdd(d, d, acc); }
        double var = SumLanes(acc);
        for (; i < c; i++) { double d = x[i] - mu; var += d * d; }
        float rs = (float)(1.0 / Math.Sqrt(var / c + eps));

        ref float wr = ref MemoryMarshal.GetReference(w); ref float yr = ref MemoryMarshal.GetReference(y);
        bool hasBias = !b.IsEmpty;
        ref float br = ref MemoryMarshal.GetReference(b);
        var r = Vector512.Create(rs);
        for (i = 0; i + 16 <= c; i += 16)
        {
            var v = (Vector512.LoadUnsafe(ref xr, (nuint)i) - m) * r * Vector512.LoadUnsafe(ref wr, (nuint)i);
            if (hasBias) v += Vector512.LoadUnsafe(ref br, (nuint)i);
            v.StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < c; i++) y[i] = (x[i] - mu) * rs * w[i] + (hasBias ? b[i] : 0f);
        return (mu, rs);
    }

    /// <summary>
    /// dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with x̂ = (x − μ)·rstd and ĝ = g·w; adds g·x̂ to <paramref name="dw"/> and g to
    /// <paramref name="db"/> (per-chunk partial sums, so threads never share them).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, ReadOnlySpan<float> w, float mu, float rs,
        Span<float> dx, Span<float> dw, Span<float> db)
    {
        int c = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x); ref float gr = ref MemoryMarshal.GetReference(g);
        ref float wr = ref MemoryMarshal.GetReference(w); ref float dxr = ref MemoryMarshal.GetReference(dx);
        ref float dwr = ref MemoryMarshal.GetReference(dw); ref float dbr = ref MemoryMarshal.GetReference(db);
        var m = Vector512.Create(mu); var r = Vector512.Create(rs);
        var s1 = Vector512<float>.Zero; var s2 = Vector512<float>.Zero;
        for (; i + 16 <= c; i += 16)
        {
            var xh = (Vector512.LoadUnsafe(ref xr, (nuint)i) - m) * r;
            var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
            var gh = gv * Vector512.LoadUnsafe(ref wr, (nuint)i);
            s1 += gh;
            s2 = Vector512.FusedMultiplyAdd(gh, xh, s2);
            Vector512.FusedMultiplyAdd(gv, xh, Vector512.LoadUnsafe(ref dwr, (nuint)i)).StoreUnsafe(ref dwr, (nuint)i);
            (Vector512.LoadUnsafe(ref dbr, (nuint)i) + gv).StoreUnsafe(ref dbr, (nuint)i);
        }
        double sum1 = SumLanes(s1), sum2 = SumLanes(s2);
        for (int j = i; j < c; j++)
        {
            float xh = (x[j] - mu) * rs, gh = g[j] * w[j];
            sum1 += gh; sum2 += gh * xh;
            dw[j] += g[j] * xh; db[j] += g[j];
        }
        float m1 = (float)(sum1 / c), m2 = (float)(sum2 / c);
        var vm1 = Vector512.Create(m1); var vm2 = Vector512.Create(m2);
        for (i = 0; i + 16 <= c; i += 16)
        {
            var xh = (Vector512.LoadUnsafe(ref xr, (nuint)i) - m) * r;
            var gh = Vector512.LoadUnsafe(ref gr, (nuint)i) * Vector512.LoadUnsafe(ref wr, (nuint)i);
            ((gh - vm1 - xh * vm2) * r).StoreUnsafe(ref dxr, (nuint)i);
        }
        for (; i < c; i++)
        {
            float xh = (x[i] - mu) * rs;
            dx[i] = (g[i] * w[i] - m1 - xh * m2) * rs;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumLanes(Vector512<float> v)
    {
        double s = 0;
        for (int k = 0; k < Vector512<float>.Count; k++) s += v[k];
        return s;
    }
}
