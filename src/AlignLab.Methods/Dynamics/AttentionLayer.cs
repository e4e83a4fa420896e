using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// One multi-head attention layer in double precision with a hand-derived backward:
/// head h: S_h = kernel(X W_Q^h, X W_K^h), A_h = S_h X W_V^h; output = [A_1 … A_H] W_O.
/// </summary>
/// <remarks>
/// An instance owns its scratch buffers (sized for <see cref="MaxTokens"/>) and caches the last forward pass,
/// which <see cref="Backward"/> reuses; it is therefore not thread-safe: use one instance per thread.
/// </remarks>
public sealed class AttentionLayer
{
    public AttentionShape Shape { get; }
    public AttentionKernel Kernel { get; }
    public int MaxTokens { get; }

    private readonly double[] q, k, v, s, concat, dConcat, dS, dQ, dK, dV, norms;
    private int tokens;

    public AttentionLayer(AttentionShape shape, AttentionKernel kernel, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (maxTokens <= 0) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "maxTokens must be positive");
        Shape = shape;
        Kernel = kernel;
        MaxTokens = maxTokens;
        int n = maxTokens, h = shape.Heads;
        q = new double[h * n * shape.KeyDim];
        k = new double[h * n * shape.KeyDim];
        v = new double[h * n * shape.ValueDim];
        s = new double[h * n * n];
        concat = new double[n * shape.ConcatDim];
        dConcat = new double[n * shape.ConcatDim];
        dS = new double[n * n];
        dQ = new double[n * shape.KeyDim];
        dK = new double[n * shape.KeyDim];
        dV = new double[n * shape.ValueDim];
        norms = new double[2 * n];
    }

    /// <summary>Attention matrix S_h (n×n, row = query token) of the last forward pass.</summary>
    public ReadOnlySpan<double> Attention(int head) => s.AsSpan(head * tokens * tokens, tokens * tokens);

    /// <summary>Concatenated head outputs [A_1 … A_H] (n × H·dv) of the last forward pass.</summary>
    public ReadOnlySpan<double> HeadOutputs => concat.AsSpan(0, tokens * Shape.ConcatDim);

    /// <summary>x: n×D row-major (n ≤ MaxTokens); output: n × OutputDim.</summary>
    public void Forward(ReadOnlySpan<double> x, int tokenCount, AttentionParameters w, Span<double> output)
    {
        CheckShapes(x, tokenCount, w);
        if (output.Length < tokenCount * Shape.OutputDim)
            throw new ArgumentException($"output: needs {tokenCount * Shape.OutputDim} values, got {output.Length}", nameof(output));
        tokens = tokenCount;
        int n = tokenCount, D = Shape.EmbeddingDim, d = Shape.KeyDim, dv = Shape.ValueDim, cd = Shape.ConcatDim;
        concat.AsSpan(0, n * cd).Clear();
        for (int h = 0; h < Shape.Heads; h++)
        {
            var qh = q.AsSpan(h * n * d, n * d);
            var kh = k.AsSpan(h * n * d, n * d);
            var vh = v.AsSpan(h * n * dv, n * dv);
            for (int j = 0; j < n; j++)
            {
                var xj = x.Slice(j * D, D);
                for (int a = 0; a < d; a++)
                {
                    qh[j * d + a] = DenseKernels.Dot(xj, w.QueryRow(h, a));
                    kh[j * d + a] = DenseKernels.Dot(xj, w.KeyRow(h, a));
                }
                for (int c = 0; c < dv; c++) vh[j * dv + c] = DenseKernels.Dot(xj, w.ValueRow(h, c));
            }
            var sh = s.AsSpan(h * n * n, n * n);
            if (Kernel == AttentionKernel.Softmax) SoftmaxKernel.Forward(qh, kh, n, d, sh);
            else GaussianKernel.Forward(qh, kh, n, d, sh, norms);
            for (int j = 0; j < n; j++)
            {
                var aj = concat.AsSpan(j * cd + h * dv, dv);
                var sRow = sh.Slice(j * n, n);
                for (int t = 0; t < n; t++) DenseKernels.Axpy(sRow[t], vh.Slice(t * dv, dv), aj);
            }
        }
        for (int j = 0; j < n; j++)
        {
            var aj = concat.AsSpan(j * cd, cd);
            for (int o = 0; o < Shape.OutputDim; o++) output[j * Shape.OutputDim + o] = DenseKernels.Dot(aj, w.OutputRow(o));
        }
    }

    /// <summary>
    /// Backward of the last <see cref="Forward"/> (same <paramref name="x"/> and weights): adds ∂f/∂W for the
    /// matrices in <paramref name="groups"/> into <paramref name="grad"/>, and ∂f/∂X into <paramref name="dX"/>
    /// unless it is empty. <paramref name="dOutput"/> is ∂f/∂output (n × OutputDim).
    /// </summary>
    public void Backward(ReadOnlySpan<double> x, AttentionParameters w, ReadOnlySpan<double> dOutput,
                         AttentionParameters grad, WeightGroups groups, Span<double> dX)
    {
        CheckShapes(x, tokens, w);
        if (grad.Shape != Shape) throw new ArgumentException($"grad: shape {grad.Shape} differs from the layer's {Shape}", nameof(grad));
        int n = tokens, D = Shape.EmbeddingDim, d = Shape.KeyDim, dv = Shape.ValueDim, cd = Shape.ConcatDim, outDim = Shape.OutputDim;
        if (dOutput.Length < n * outDim) throw new ArgumentException($"dOutput: needs {n * outDim} values, got {dOutput.Length}", nameof(dOutput));
        bool wantInput = !dX.IsEmpty;
        if (wantInput && dX.Length < n * D) throw new ArgumentException($"dX: needs {n * D} values, got {dX.Length}", nameof(dX));
        bool needAttention = wantInput || (groups & WeightGroups.Attention) != 0;
        bool needValue = wantInput || (groups & WeightGroups.Value) != 0;

        if ((groups & WeightGroups.Output) != 0)
        {
            for (int o = 0; o < outDim; o++)
            {
                var gRow = grad.Row(WeightGroups.Output, o);
                for (int j = 0; j < n; j++) DenseKernels.Axpy(dOutput[j * outDim + o], concat.AsSpan(j * cd, cd), gRow);
            }
        }
        if (!needAttention && !needValue) return;

        var dA = dConcat.AsSpan(0, n * cd);
        dA.Clear();
        for (int j = 0; j < n; j++)
            for (int o = 0; o < outDim; o++)
                DenseKernels.Axpy(dOutput[j * outDim + o], w.OutputRow(o), dA.Slice(j * cd, cd));

        for (int h = 0; h < Shape.Heads; h++)
        {
            var qh = q.AsSpan(h * n * d, n * d);
            var kh = k.AsSpan(h * n * d, n * d);
            var vh = v.AsSpan(h * n * dv, n * dv);
            var sh = s.AsSpan(h * n * n, n * n);
            if (needValue)
            {
                var dvh = dV.AsSpan(0, n * dv);
                dvh.Clear();
                for (int j = 0; j < n; j++)
                {
                    var dAj = dA.Slice(j * cd + h * dv, dv);
                    var sRow = sh.Slice(j * n, n);
                    for (int t = 0; t < n; t++) DenseKernels.Axpy(sRow[t], dAj, dvh.Slice(t * dv, dv));
                }
                AccumulateProjection(x, n, dvh, dv, grad, WeightGroups.Value, h, groups, w, dX);
            }
            if (needAttention)
            {
                var dSh = dS.AsSpan(0, n * n);
                for (int j = 0; j < n; j++)
                {
                    var dAj = dA.Slice(j * cd + h * dv, dv);
                    for (int t = 0; t < n; t++) dSh[j * n + t] = DenseKernels.Dot(dAj, vh.Slice(t * dv, dv));
                }
                var dqh = dQ.AsSpan(0, n * d);
                var dkh = dK.AsSpan(0, n * d);
                if (Kernel == AttentionKernel.Softmax) SoftmaxKernel.Backward(qh, kh, sh, dSh, n, d, dqh, dkh);
                else GaussianKernel.Backward(qh, kh, sh, dSh, n, d, dqh, dkh);
                AccumulateProjection(x, n, dqh, d, grad, WeightGroups.Query, h, groups, w, dX);
                AccumulateProjection(x, n, dkh, d, grad, WeightGroups.Key, h, groups, w, dX);
            }
        }
    }

    /// <summary>
    /// For P = X W (one head's Q, K or V, n×width) with ∂f/∂P given: W's rows get Σ_j ∂f/∂P_ja x_j, and
    /// ∂f/∂x_j gets Σ_a ∂f/∂P_ja W_row(a).
    /// </summary>
    private void AccumulateProjection(ReadOnlySpan<double> x, int n, ReadOnlySpan<double> dP, int width,
                                      AttentionParameters grad, WeightGroups single, int head, WeightGroups groups,
                                      AttentionParameters w, Span<double> dX)
    {
        int D = Shape.EmbeddingDim;
        bool wantWeights = (groups & single) != 0;
        for (int a = 0; a < width; a++)
        {
            int row = head * width + a;
            if (wantWeights)
            {
                var gRow = grad.Row(single, row);
                for (int j = 0; j < n; j++) DenseKernels.Axpy(dP[j * width + a], x.Slice(j * D, D), gRow);
            }
            if (!dX.IsEmpty)
            {
                ReadOnlySpan<double> wRow = w.Row(single, row);
                for (int j = 0; j < n; j++) DenseKernels.Axpy(dP[j * width + a], wRow, dX.Slice(j * D, D));
            }
        }
    }

    private void CheckShapes(ReadOnlySpan<double> x, int tokenCount, AttentionParameters w)
    {
        if (tokenCount <= 0 || tokenCount > MaxTokens)
            throw new ArgumentOutOfRangeException(nameof(tokenCount), tokenCount, $"token count must be in 1..{MaxTokens}");
        if (x.Length < tokenCount * Shape.EmbeddingDim)
            throw new ArgumentException($"x: needs {tokenCount}×{Shape.EmbeddingDim} values, got {x.Length}", nameof(x));
        if (w.Shape != Shape) throw new ArgumentException($"weights: shape {w.Shape} differs from the layer's {Shape}", nameof(w));
    }
}
