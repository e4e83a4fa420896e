using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>One element-wise function written once per SIMD width: y = f(x).</summary>
public interface IElementwise
{
    static abstract Vector512<float> Apply(Vector512<float> x);
    static abstract Vector256<float> Apply(Vector256<float> x);
    static abstract Vector128<float> Apply(Vector128<float> x);
    static abstract float Apply(float x);
}

/// <summary>One element-wise derivative written once per SIMD width: d = g·f′, from the saved value v (the op's input or
/// output, whichever the formula needs) and the output gradient g.</summary>
public interface IElementwiseGradient
{
    static abstract Vector512<float> Apply(Vector512<float> v, Vector512<float> g);
    static abstract Vector256<float> Apply(Vector256<float> v, Vector256<float> g);
    static abstract Vector128<float> Apply(Vector128<float> v, Vector128<float> g);
    static abstract float Apply(float v, float g);
}

/// <summary>
/// The loops that run an <see cref="IElementwise"/> / <see cref="IElementwiseGradient"/> over spans on the width chosen
/// by <see cref="EngineSettings.Simd"/>. Element-wise ops are bandwidth-bound, so each function is one pass over
/// memory. A tail shorter than a vector goes through the same vector arithmetic on a zero-padded copy, so an element's
/// bits never depend on where a caller split the range: results are identical for any thread count.
/// </summary>
public static class Elementwise
{
    public static void Map<TF>(ReadOnlySpan<float> x, Span<float> y) where TF : struct, IElementwise
    {
        CheckLengths(x.Length, y.Length, x.Length);
        switch (EngineSettings.Simd)
        {
            case SimdLevel.Vector512: Map512<TF>(x, y); break;
            case SimdLevel.Vector256: Map256<TF>(x, y); break;
            case SimdLevel.Vector128: Map128<TF>(x, y); break;
            default: for (int i = 0; i < x.Length; i++) y[i] = TF.Apply(x[i]); break;
        }
    }

    public static void Gradient<TG>(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> d) where TG : struct, IElementwiseGradient
    {
        CheckLengths(v.Length, d.Length, g.Length);
        switch (EngineSettings.Simd)
        {
            case SimdLevel.Vector512: Gradient512<TG>(v, g, d); break;
            case SimdLevel.Vector256: Gradient256<TG>(v, g, d); break;
            case SimdLevel.Vector128: Gradient128<TG>(v, g, d); break;
            default: for (int i = 0; i < v.Length; i++) d[i] = TG.Apply(v[i], g[i]); break;
        }
    }

    private static void CheckLengths(int input, int output, int other)
    {
        if (output != input || other != input)
            throw new ArgumentException($"element-wise kernel needs spans of one length, got {input}, {other} and output {output}");
    }

    private static void Map512<TF>(ReadOnlySpan<float> x, Span<float> y) where TF : struct, IElementwise
    {
        ref float xr = ref MemoryMarshal.GetReference(x); ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i + 16 <= n; i += 16) TF.Apply(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i == n) return;
        Span<float> xt = stackalloc float[16];
        x[i..].CopyTo(xt);
        var r = TF.Apply(Vector512.Create((ReadOnlySpan<float>)xt));
        for (int j = 0; j < n - i; j++) y[i + j] = r[j];
    }

    private static void Map256<TF>(ReadOnlySpan<float> x, Span<float> y) where TF : struct, IElementwise
    {
        ref float xr = ref MemoryMarshal.GetReference(x); ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i + 8 <= n; i += 8) TF.Apply(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i == n) return;
        Span<float> xt = stackalloc float[8];
        x[i..].CopyTo(xt);
        var r = TF.Apply(Vector256.Create((ReadOnlySpan<float>)xt));
        for (int j = 0; j < n - i; j++) y[i + j] = r[j];
    }

    private static void Map128<TF>(ReadOnlySpan<float> x, Span<float> y) where TF : struct, IElementwise
    {
        ref float xr = ref MemoryMarshal.GetReference(x); ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        for (; i + 4 <= n; i += 4) TF.Apply(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i == n) return;
        Span<float> xt = stackalloc float[4];
        x[i..].CopyTo(xt);
        var r = TF.Apply(Vector128.Create((ReadOnlySpan<float>)xt));
        for (int j = 0; j < n - i; j++) y[i + j] = r[j];
    }

    private static void Gradient512<TG>(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> d) where TG : struct, IElementwiseGradient
    {
        ref float vr = ref MemoryMarshal.GetReference(v); ref float gr = ref MemoryMarshal.GetReference(g); ref float dr = ref MemoryMarshal.GetReference(d);
        int n = v.Length, i = 0;
        for (; i + 16 <= n; i += 16)
            TG.Apply(Vector512.LoadUnsafe(ref vr, (nuint)i), Vector512.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i == n) return;
        Span<float> vt = stackalloc float[16], gt = stackalloc float[16];
        v[i..].CopyTo(vt); g[i..].CopyTo(gt);
        var r = TG.Apply(Vector512.Create((ReadOnlySpan<float>)vt), Vector512.Create((ReadOnlySpan<float>)gt));
        for (int j = 0; j < n - i; j++) d[i + j] = r[j];
    }

    private static void Gradient256<TG>(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> d) where TG : struct, IElementwiseGradient
    {
        ref float vr = ref MemoryMarshal.GetReference(v); ref float gr = ref MemoryMarshal.GetReference(g); ref float dr = ref MemoryMarshal.GetReference(d);
        int n = v.Length, i = 0;
        for (; i + 8 <= n; i += 8)
            TG.Apply(Vector256.LoadUnsafe(ref vr, (nuint)i), Vector256.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i == n) return;
        Span<float> vt = stackalloc float[8], gt = stackalloc float[8];
        v[i..].CopyTo(vt); g[i..].CopyTo(gt);
        var r = TG.Apply(Vector256.Create((ReadOnlySpan<float>)vt), Vector256.Create((ReadOnlySpan<float>)gt));
        for (int j = 0; j < n - i; j++) d[i + j] = r[j];
    }

    private static void Gradient128<TG>(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> d) where TG : struct, IElementwiseGradient
    {
        ref float vr = ref MemoryMarshal.GetReference(v); ref float gr = ref MemoryMarshal.GetReference(g); ref float dr = ref MemoryMarshal.GetReference(d);
        int n = v.Length, i = 0;
        for (; i + 4 <= n; i += 4)
            TG.Apply(Vector128.LoadUnsafe(ref vr, (nuint)i), Vector128.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        if (i == n) return;
        Span<float> vt = stackalloc float[4], gt = stackalloc float[4];
        v[i..].CopyTo(vt); g[i..].CopyTo(gt);
        var r = TG.Apply(Vector128.Create((ReadOnlySpan<float>)vt), Vector128.Create((ReadOnlySpan<float>)gt));
        for (int j = 0; j < n - i; j++) d[i + j] = r[j];
    }
}
