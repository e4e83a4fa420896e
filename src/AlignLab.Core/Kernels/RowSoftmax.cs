using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>Numerically safe row softmax / log-softmax (max subtracted; TensorPrimitives.SoftMax does not).</summary>
public static class RowSoftmax
{
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max)) { y.Clear(); return; } // fully masked row
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Multiply(y, (float)(1.0 / Reduce.Sum(y)), y);
    }

    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += MathF.Exp(y[i]);
        TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
    }
}
