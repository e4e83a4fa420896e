using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>One row of RMS norm (Llama's): y = x·rstd·w, rstd = 1/√(mean(x²) + eps), sums in double as in <see cref="Reduce"/>.</summary>
public static class RmsNormKernel
{
    /// <summary>Writes y and returns rstd for the backward.</summary>
    public static float Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, float eps)
    {
        float rs = (float)(1.0 / Math.Sqrt(Reduce.SumOfSquares(x) / x.Length + eps));
        TensorPrimitives.Multiply(x, rs, y);
        TensorPrimitives.Multiply(y, w, y);
        return rs;
    }

    /// <summary>
    /// dx = rstd·(g·w) − x·rstd³·mean(g·w·x); adds g·x̂ (x̂ = x·rstd) to <paramref name="dw"/> (a per-chunk partial sum).
    /// <paramref name="gw"/> and <paramref name="xhat"/> are scratch rows of the same length.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, ReadOnlySpan<float> w, float rs,
        Span<float> dx, Span<float> dw, Span<float> gw, Span<float> xhat)
    {
        TensorPrimitives.Multiply(x, rs, xhat);
        TensorPrimitives.MultiplyAdd(g, xhat, dw, dw);
        TensorPrimitives.Multiply(g, w, gw);
        float m = (float)(Reduce.Dot(gw, x) / x.Length);
        TensorPrimitives.Multiply(x, -m * rs * rs * rs, dx);
        TensorPrimitives.MultiplyAdd(gw, rs, dx, dx);
    }
}
