namespace AlignLab.Core.Tests.Ops;

/// <summary>
/// The fused attention processes queries in blocks of 64 and skips keys no query of a block can see; these cases span
/// several blocks (and a KV-cache offset) and compare with attention composed from separately verified ops.
/// </summary>
public class AttentionBlockTests
{
    private static Tensor Composed(Tensor q, Tensor k, Tensor v, bool causal, AttentionKernel kernel)
    {
        int tq = q.Shape[2], tk = k.Shape[2], d = q.Shape[3], rep = q.Shape[1] / k.Shape[1];
        if (rep > 1)
        {
            var idx = new IntTensor(Enumerable.Range(0, q.Shape[1]).Select(h => h / rep).ToArray(), q.Shape[1]);
            k = k.IndexSelect(1, idx); v = v.IndexSelect(1, idx);
        }
        var hidden = new bool[tq * tk];
        for (int i = 0; i < tq; i++) for (int j = 0; j < tk; j++) hidden[i * tk + j] = causal && j > i + (tk - tq);
        var mask = new BoolTensor(hidden, tq, tk);
        Tensor w;
        if (kernel == AttentionKernel.Softmax)
            w = (q.MatMul(k.T()) * (1f / MathF.Sqrt(d))).MaskedFill(mask, float.NegativeInfinity).Softmax(-1);
        else
        {
            var dist = q.Square().Sum(-1, keepDim: true) + k.Square().Sum(-1, keepDim: true).T() - q.MatMul(k.T()) * 2f;
            w = (dist * (-1f / (2f * MathF.Sqrt(d)))).Exp().MaskedFill(mask, 0f);
        }
        return w.MatMul(v);
    }

    [Theory]
    [InlineData(AttentionKernel.Softmax, 130, 130)]
    [InlineData(AttentionKernel.Softmax, 70, 150)]
    [InlineData(AttentionKernel.Gaussian, 130, 130)]
    public void MatchesComposedAttentionAcrossBlocks(AttentionKernel kernel, int tq, int tk)
    {
        var gen = new Generator(21);
        Tensor Leaf(params int[] shape) => (gen.Normal(shape) * 0.5f).Detach().RequireGrad();
        var (q1, k1, v1) = (Leaf(1, 4, tq, 8), Leaf(1, 2, tk, 8), Leaf(1, 2, tk, 8));
        var (q2, k2, v2) = (q1.Detach().Clone().RequireGrad(), k1.Detach().Clone().RequireGrad(), v1.Detach().Clone().RequireGrad());
        var fused = F.Attention(q1, k1, v1, causal: true, null, kernel, 1f / MathF.Sqrt(8));
        var composed = Composed(q2, k2, v2, causal: true, kernel);
        Assertions.Close(composed, fused, 1e-4f, 1e-5f, "output");
        var g = gen.Normal(fused.Shape.ToArray());
        fused.Backward(g);
        composed.Backward(g);
        Assertions.Close(q2.Grad!, q1.Grad!, 1e-3f, 1e-5f, "dq");
        Assertions.Close(k2.Grad!, k1.Grad!, 1e-3f, 1e-5f, "dk");
        Assertions.Close(v2.Grad!, v1.Grad!, 1e-3f, 1e-5f, "dv");
    }
}
