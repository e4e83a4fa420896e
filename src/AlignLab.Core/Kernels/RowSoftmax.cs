using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>Numerically safe row softmax / log-softmax (max subtracted; TensorPrimitives.SoftMax does not) and their backward.</summary>
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
        // y holds x − max; exponentiate a copy in L1-sized blocks for the normaliser.
        Span<float> block = stackalloc float[256];
        double sum = 0;
        for (int i = 0; i < y.Length; i += block.Length)
        {
            var part = y.Slice(i, Math.Min(block.Length, y.Length - i));
            var e = block[..part.Length];
            TensorPrimitives.Exp(part, e);
            sum += TensorPrimitives.Sum(e);
        }
        TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
    }

    /// <summary>dx = y ⊙ (g − Σ g·y).</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d)
    {
        TensorPrimitives.Subtract(g, (float)Reduce.Dot(g, y), d);
        TensorPrimitives.Multiply(d, y, d);
    }

    /// <summary>dx = g − softmax(x)·Σ g, with softmax(x) = exp(y).</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d)
    {
        float sum = (float)Reduce.Sum(g);
        TensorPrimitives.Exp(y, d);
        TensorPrimitives.Multiply(d, -sum, d);
        TensorPrimitives.Add(d, g, d);
    }
}
