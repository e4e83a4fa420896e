using System.Numerics.Tensors;
using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Which similarity an attention layer uses.</summary>
public enum AttentionKernel
{
    /// <summary>softmax(q·kᵀ·scale + mask) — the standard Transformer.</summary>
    Softmax,
    /// <summary>exp(−‖q−k‖² / (2√d) + mask), unnormalised (the Gaussian kernel of the Transformer-dynamics paper).</summary>
    Gaussian,
}

/// <summary>
/// Fused multi-head attention over q [B, H, Tq, D], k and v [B, Hkv, Tk, D] (grouped-query when Hkv &lt; H).
/// With <c>causal</c>, query i (at absolute position Tk − Tq + i, so a KV cache works) sees keys j ≤ that position.
/// The weights are kept for the backward; heads sharing a key/value head are processed together so their
/// gradients accumulate without races.
/// </summary>
public static partial class F
{
    public static Tensor ScaledDotProductAttention(Tensor q, Tensor k, Tensor v, bool causal, Tensor? mask = null, float? scale = null)
        => Attention(q, k, v, causal, mask, AttentionKernel.Softmax, scale ?? 1f / MathF.Sqrt(q.Shape[^1]));

    public static Tensor GaussianAttention(Tensor q, Tensor k, Tensor v, bool causal, Tensor? mask = null)
        => Attention(q, k, v, causal, mask, AttentionKernel.Gaussian, 1f);

    public static Tensor Attention(Tensor q, Tensor k, Tensor v, bool causal, Tensor? mask, AttentionKernel kernel, float scale)
    {
        if (q.Rank != 4 || k.Rank != 4 || v.Rank != 4)
            throw new ArgumentException($"attention expects [batch, heads, time, dim] tensors, got q {ShapeUtil.Format(q.Shape)}, k {ShapeUtil.Format(k.Shape)}, v {ShapeUtil.Format(v.Shape)}");
        int b = q.Shape[0], h = q.Shape[1], tq = q.Shape[2], d = q.Shape[3];
        int hkv = k.Shape[1], tk = k.Shape[2], dv = v.Shape[3];
        if (k.Shape[0] != b || v.Shape[0] != b || k.Shape[3] != d || v.Shape[1] != hkv || v.Shape[2] != tk || hkv == 0 || h % hkv != 0)
            throw new ArgumentException($"attention shapes do not agree: q {ShapeUtil.Format(q.Shape)}, k {ShapeUtil.Format(k.Shape)}, v {ShapeUtil.Format(v.Shape)}");
        if (mask != null && (mask.Rank != 2 || mask.Shape[0] != tq || mask.Shape[1] != tk))
            throw new ArgumentException($"attention mask must be [{tq}, {tk}], got {ShapeUtil.Format(mask.Shape)}");
        var qc = q.Contiguous(); var kc = k.Contiguous(); var vc = v.Contiguous();
        var mc = mask?.Contiguous();
        int rep = h / hkv;
        var weights = new float[(long)b * h * tq * tk];
        var output = Tensor.Empty([b, h, tq, dv]);
        var geo = new Geometry(b, h, hkv, tq, tk, d, dv, causal, kernel, scale);
        int threads = Parallelism.ThreadsFor(4.0 * b * h * tq * tk * (d + dv), EngineSettings.Threads);

        Parallelism.For(b * hkv, threads, group =>
        {
            var scratch = new float[tk];
            for (int r = 0; r < rep; r++)
            {
                var (qo, ko, vo, wo, oo) = geo.Offsets(group, r);
                var w = weights.AsSpan((int)wo, tq * tk);
                // Scores s = q·kᵀ (both kernels need it; the Gaussian turns it into a squared distance).
                Gemm.Multiply(false, true, tq, tk, d, qc.Storage.AsSpan(qc.Offset + qo, tq * d), d, kc.Storage.AsSpan(kc.Offset + ko, tk * d), d, w, tk, threads: 1);
                for (int i = 0; i < tq; i++) geo.Weights(i, w.Slice(i * tk, tk), qc.Storage.AsSpan(qc.Offset + qo + i * d, d), kc.Storage.AsSpan(kc.Offset + ko, tk * d), mc, scratch);
                Gemm.Multiply(false, false, tq, dv, tk, w, tk, vc.Storage.AsSpan(vc.Offset + vo, tk * dv), dv, output.Storage.AsSpan(oo, tq * dv), dv, threads: 1);
            }
        });

        return OpRecorder.Record(output, kernel == AttentionKernel.Softmax ? "attention_softmax" : "attention_gaussian", [qc, kc, vc], g =>
        {
            var gc = g.Contiguous();
            var dq = Tensor.Empty(qc.Shape); var dk = Tensor.Zeros(kc.Shape.ToArray()); var dvT = Tensor.Zeros(vc.Shape.ToArray());
            Parallelism.For(b * hkv, threads, group =>
            {
                var ds = new float[tq * tk];
                var rowSum = new float[Math.Max(tq, tk)];
                for (int r = 0; r < rep; r++)
                {
                    var (qo, ko, vo, wo, oo) = geo.Offsets(group, r);
                    var w = weights.AsSpan((int)wo, tq * tk);
                    var go = gc.Storage.AsSpan(gc.Offset + oo, tq * dv);
                    var qs = qc.Storage.AsSpan(qc.Offset + qo, tq * d); var ks = kc.Storage.AsSpan(kc.Offset + ko, tk * d);
                    // dv += wᵀ·dO ; dW = dO·vᵀ
                    Gemm.Multiply(true, false, tk, dv, tq, w, tk, go, dv, dvT.Storage.AsSpan(vo, tk * dv), dv, accumulate: true, threads: 1);
                    Gemm.Multiply(false, true, tq, tk, dv, go, dv, vc.Storage.AsSpan(vc.Offset + vo, tk * dv), dv, ds, tk, threads: 1);
                    var dqs = dq.Storage.AsSpan(qo, tq * d); var dks = dk.Storage.AsSpan(ko, tk * d);
                    if (kernel == AttentionKernel.Softmax)
                    {
                        // dS = W ⊙ (dW − Σ_j dW·W) ; dq = dS·k·scale ; dk += dSᵀ·q·scale
                        for (int i = 0; i < tq; i++)
                        {
                            var wr = w.Slice(i * tk, tk); var dr = ds.AsSpan(i * tk, tk);
                            float dot = (float)Reduce.Dot(wr, dr);
                            TensorPrimitives.Subtract(dr, dot, dr);
                            TensorPrimitives.Multiply(dr, wr, dr);
                            TensorPrimitives.Multiply(dr, scale, dr);
                        }
                        Gemm.Multiply(false, false, tq, d, tk, ds, tk, ks, d, dqs, d, threads: 1);
                        Gemm.Multiply(true, false, tk, d, tq, ds, tk, qs, d, dks, d, accumulate: true, threads: 1);
                    }
                    else
                    {
                        // G = dW ⊙ W ; dq_i = −(rowsum(G)_i q_i − (G k)_i)/√d ; dk_j = ((Gᵀ q)_j − colsum(G)_j k_j)/√d
                        float inv = 1f / MathF.Sqrt(d);
                        TensorPrimitives.Multiply(ds, w, ds);
                        TensorPrimitives.Multiply(ds, inv, ds);
                        Gemm.Multiply(false, false, tq, d, tk, ds, tk, ks, d, dqs, d, threads: 1);
                        for (int i = 0; i < tq; i++)
                        {
                            float rs = (float)Reduce.Sum(ds.AsSpan(i * tk, tk));
                            var dqi = dqs.Slice(i * d, d);
                            TensorPrimitives.MultiplyAdd(qs.Slice(i * d, d), -rs, dqi, dqi);
                        }
                        Gemm.Multiply(true, false, tk, d, tq, ds, tk, qs, d, dks, d, accumulate: true, threads: 1);
                        Array.Clear(rowSum);
                        for (int i = 0; i < tq; i++) TensorPrimitives.Add(rowSum.AsSpan(0, tk), ds.AsSpan(i * tk, tk), rowSum.AsSpan(0, tk));
                        for (int j = 0; j < tk; j++)
                        {
                            var dkj = dks.Slice(j * d, d);
                            TensorPrimitives.MultiplyAdd(ks.Slice(j * d, d), -rowSum[j], dkj, dkj);
                        }
                    }
                }
            });
            return [dq, dk, dvT];
        });
    }

    /// <summary>Index arithmetic and the per-row weight computation shared by forward and backward.</summary>
    private readonly record struct Geometry(int B, int H, int Hkv, int Tq, int Tk, int D, int Dv, bool Causal, AttentionKernel Kernel, float Scale)
    {
        public (int Q, int K, int V, long W, int O) Offsets(int group, int r)
        {
            int batch = group / Hkv, kvHead = group % Hkv, head = kvHead * (H / Hkv) + r;
            int bh = batch * H + head, bkv = batch * Hkv + kvHead;
            return (bh * Tq * D, bkv * Tk * D, bkv * Tk * Dv, (long)bh * Tq * Tk, bh * Tq * Dv);
        }

        /// <summary>Turns row i of raw scores q·kᵀ into attention weights in place.</summary>
        public void Weights(int i, Span<float> row, ReadOnlySpan<float> qi, ReadOnlySpan<float> k, Tensor? mask, float[] scratch)
        {
            int visible = Causal ? Math.Min(Tk, i + (Tk - Tq) + 1) : Tk;
            var maskRow = mask is null ? default : mask.Storage.AsSpan(mask.Offset + i * Tk, Tk);
            if (Kernel == AttentionKernel.Softmax)
            {
                TensorPrimitives.Multiply(row, Scale, row);
                if (mask != null) TensorPrimitives.Add(row, maskRow, row);
                row[visible..].Fill(float.NegativeInfinity);
                RowSoftmax.Softmax(row, row);
                return;
            }
            // ‖q−k‖² = ‖q‖² + ‖k‖² − 2 q·k, clamped at 0 against rounding.
            float qn = TensorPrimitives.SumOfSquares(qi);
            float c = -1f / (2f * MathF.Sqrt(D));
            for (int j = 0; j < visible; j++)
            {
                float dist = MathF.Max(0f, qn + TensorPrimitives.SumOfSquares(k.Slice(j * D, D)) - 2f * row[j]);
                scratch[j] = dist * c + (mask != null ? maskRow[j] : 0f);
            }
            TensorPrimitives.Exp(scratch.AsSpan(0, visible), row[..visible]);
            row[visible..].Clear();
        }
    }
}
