using System.Numerics.Tensors;

namespace AlignLab.Methods.Dynamics;

/// <summary>The three dense double kernels the attention path is built from (SIMD via TensorPrimitives).</summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    /// <summary>y += a·x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (a == 0.0) return;
        TensorPrimitives.MultiplyAdd(x, a, y, y);
    }

    public static double SumOfSquares(ReadOnlySpan<double> x) => TensorPrimitives.SumOfSquares(x);
}
