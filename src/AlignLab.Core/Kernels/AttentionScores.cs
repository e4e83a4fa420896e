using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>
/// The per-row arithmetic of attention between its GEMMs: raw scores q·kᵀ to weights, and the weights' gradient back
/// to the scores' gradient, for the softmax kernel and the (unnormalised) Gaussian kernel exp(−‖q−k‖² / (2√d)).
/// Rows are the keys a query can see; masked-out keys stay outside the spans.
/// </summary>
public static class AttentionScores
{
    /// <summary>softmax(s·scale + mask) in place.</summary>
    public static void SoftmaxWeights(Span<float> scores, float scale, ReadOnlySpan<float> maskRow)
    {
        TensorPrimitives.Multiply(scores, scale, scores);
        if (!maskRow.IsEmpty) TensorPrimitives.Add(scores, maskRow, scores);
        RowSoftmax.Softmax(scores, scores);
    }

    /// <summary>
    /// exp(−‖q−k_j‖² / (2√d) + mask_j) in place of q·k_j, with ‖q−k‖² = ‖q‖² + ‖k‖² − 2 q·k clamped at 0 against rounding.
    /// </summary>
    /// <param name="keys">Key rows, <paramref name="keyStride"/> apart, of length q.Length.</param>
    public static void GaussianWeights(Span<float> scores, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, int keyStride,
        ReadOnlySpan<float> maskRow, Span<float> scratch)
    {
        int d = q.Length;
        float qn = TensorPrimitives.SumOfSquares(q);
        float c = -1f / (2f * MathF.Sqrt(d));
        bool masked = !maskRow.IsEmpty;
        for (int j = 0; j < scores.Length; j++)
        {
            float dist = MathF.Max(0f, qn + TensorPrimitives.SumOfSquares(keys.Slice(j * keyStride, d)) - 2f * scores[j]);
            scratch[j] = dist * c + (masked ? maskRow[j] : 0f);
        }
        TensorPrimitives.Exp(scratch[..scores.Length], scores);
    }

    /// <summary>dS = W ⊙ (dW − Σ_j dW·W) · scale, in place of dW.</summary>
    public static void SoftmaxScoreGradient(ReadOnlySpan<float> weights, Span<float> gradient, float scale)
    {
        RowSoftmax.SoftmaxBackward(weights, gradient, gradient);
        TensorPrimitives.Multiply(gradient, scale, gradient);
    }

    /// <summary>G = dW ⊙ W / √d in place of dW (the gradient of the Gaussian weights with respect to q·kᵀ over 2).</summary>
    public static void GaussianScoreGradient(ReadOnlySpan<float> weights, Span<float> gradient, int d)
    {
        TensorPrimitives.Multiply(gradient, weights, gradient);
        TensorPrimitives.Multiply(gradient, 1f / MathF.Sqrt(d), gradient);
    }
}
