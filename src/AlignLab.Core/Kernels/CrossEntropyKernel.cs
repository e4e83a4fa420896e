using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>One row of label-smoothed cross-entropy: loss −(1−ε)·log p_t − (ε/C)·Σ_c log p_c and its gradient (p − q)·scale.</summary>
public static class CrossEntropyKernel
{
    /// <summary>Adds the row's loss to <paramref name="total"/> (in double); <paramref name="logp"/> is scratch of the row's length.</summary>
    public static void AccumulateRowLoss(ref double total, ReadOnlySpan<float> logits, int target, float eps, Span<float> logp)
    {
        RowSoftmax.LogSoftmax(logits, logp);
        total -= (1 - eps) * logp[target];
        if (eps > 0) total -= eps / logits.Length * Reduce.Sum(logp);
    }

    /// <summary>d = (softmax(logits) − q)·scale, q = (1−ε)·onehot(target) + ε/C.</summary>
    public static void RowGradient(ReadOnlySpan<float> logits, int target, float eps, float scale, Span<float> d)
    {
        RowSoftmax.Softmax(logits, d);
        if (eps > 0) TensorPrimitives.Subtract(d, eps / logits.Length, d);
        d[target] -= 1 - eps;
        TensorPrimitives.Multiply(d, scale, d);
    }
}
