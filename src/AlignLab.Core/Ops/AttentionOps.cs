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
/// Operands may be strided views (only the last axis must be dense): each head is handed to the GEMM with its row
/// stride as leading dimension, so splitting a fused qkv projection into heads never copies. The output and the
/// gradients are laid out [B, T, H, D] in memory, so merging heads back is a view too.
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
        var (qd, kd, vd) = (Operand.Of(q), Operand.Of(k), Operand.Of(v));
        var dims = Dims.From(q.Shape, k.Shape, v.Shape, causal, kernel, scale);
        var (output, backward) = Run(dims, qd, kd, vd, mask);
        return OpRecorder.Record(output, OpName(kernel), [qd.Source, kd.Source, vd.Source], g =>
        {
            var (dq, dk, dv) = (GradientLike(qd.Source), GradientLike(kd.Source), GradientLike(vd.Source));
            backward(g, Operand.Of(dq), Operand.Of(dk), Operand.Of(dv));
            return [dq, dk, dv];
        });
    }

    /// <summary>
    /// Self-attention on stacked q, k, v: <paramref name="qkv"/> is [3, B, H, T, D], typically the view
    /// <c>c_attn(x).Reshape(B, T, 3, H, D).Permute(2, 0, 3, 1, 4)</c>; its gradient comes back in the same memory
    /// layout, so the whole split/merge of heads costs no copy in either direction.
    /// </summary>
    public static Tensor Attention(Tensor qkv, bool causal, AttentionKernel kernel = AttentionKernel.Softmax, float? scale = null)
    {
        if (qkv.Rank != 5 || qkv.Shape[0] != 3) throw new ArgumentException($"stacked attention expects [3, batch, heads, time, dim], got {ShapeUtil.Format(qkv.Shape)}");
        var src = qkv.Strides[4] == 1 ? qkv : qkv.Contiguous();
        var parts = Enumerable.Range(0, 3).Select(i => Operand.Of(src, i)).ToArray();
        var one = src.Shape[1..].ToArray();
        var dims = Dims.From(one, one, one, causal, kernel, scale ?? (kernel == AttentionKernel.Softmax ? 1f / MathF.Sqrt(one[3]) : 1f));
        var (output, backward) = Run(dims, parts[0], parts[1], parts[2], null);
        return OpRecorder.Record(output, OpName(kernel), src, g =>
        {
            var d = GradientLike(src);
            backward(g, Operand.Of(d, 0), Operand.Of(d, 1), Operand.Of(d, 2));
            return d;
        });
    }

    private static Op OpName(AttentionKernel kernel) => kernel == AttentionKernel.Softmax ? Op.AttentionSoftmax : Op.AttentionGaussian;

    /// <summary>An uninitialised gradient with the same memory layout as <paramref name="t"/> when that layout is dense, else contiguous.</summary>
    private static Tensor GradientLike(Tensor t)
    {
        var order = Enumerable.Range(0, t.Rank).OrderByDescending(i => t.Strides[i]).ThenByDescending(i => t.Shape[i]).ToArray();
        long expected = 1;
        bool dense = true;
        for (int j = order.Length - 1; j >= 0; j--)
        {
            int ax = order[j];
            if (t.Shape[ax] != 1 && t.Strides[ax] != expected) { dense = false; break; }
            expected *= t.Shape[ax];
        }
        if (!dense) return Tensor.Empty(t.Shape);
        var storage = StoragePool.Rent(t.Numel, zeroed: false);
        return new Tensor(storage, 0, t.Shape.ToArray(), t.Strides.ToArray());
    }

    /// <summary>One attention operand: storage and where head (b, h)'s [time × dim] matrix starts, with its row stride.</summary>
    private readonly record struct Operand(Tensor Source, float[] Storage, int Base, int BatchStride, int HeadStride, int RowStride)
    {
        public static Operand Of(Tensor t)
        {
            var src = t.Strides[3] == 1 ? t : t.Contiguous();
            return new(src, src.Storage, src.Offset, src.Strides[0], src.Strides[1], src.Strides[2]);
        }

        /// <summary>Part <paramref name="index"/> of a stacked [3, B, H, T, D] tensor.</summary>
        public static Operand Of(Tensor stacked, int index) =>
            new(stacked, stacked.Storage, stacked.Offset + index * stacked.Strides[0], stacked.Strides[1], stacked.Strides[2], stacked.Strides[3]);

        public int At(int b, int h) => Base + b * BatchStride + h * HeadStride;

        /// <summary>The span covering a head's rows × cols matrix.</summary>
        public Span<float> Matrix(int b, int h, int rows, int cols) => Storage.AsSpan(At(b, h), (rows - 1) * RowStride + cols);
    }

    private readonly record struct Dims(int B, int H, int Hkv, int Tq, int Tk, int D, int Dv, bool Causal, AttentionKernel Kernel, float Scale)
    {
        public static Dims From(ReadOnlySpan<int> q, ReadOnlySpan<int> k, ReadOnlySpan<int> v, bool causal, AttentionKernel kernel, float scale)
        {
            if (k[0] != q[0] || v[0] != q[0] || k[3] != q[3] || v[1] != k[1] || v[2] != k[2] || k[1] == 0 || q[1] % k[1] != 0)
                throw new ArgumentException($"attention shapes do not agree: q {ShapeUtil.Format(q)}, k {ShapeUtil.Format(k)}, v {ShapeUtil.Format(v)}");
            return new(q[0], q[1], k[1], q[2], k[2], q[3], v[3], causal, kernel, scale);
        }

        public int Visible(int i) => Causal ? Math.Min(Tk, i + (Tk - Tq) + 1) : Tk;

        private const int QueryBlock = 64;

        /// <summary>Blocks of query rows with the number of keys the block's last row can see: causal attention skips the rest.</summary>
        public IEnumerable<(int Start, int Rows, int KeyEnd)> Blocks()
        {
            for (int i0 = 0; i0 < Tq; i0 += QueryBlock)
            {
                int rows = Math.Min(QueryBlock, Tq - i0);
                yield return (i0, rows, Visible(i0 + rows - 1));
            }
        }
    }

    private delegate void AttentionBackward(Tensor gradOutput, Operand dq, Operand dk, Operand dv);

    /// <summary>Forward pass; returns the output ([B, H, Tq, Dv] laid out as [B, Tq, H, Dv]) and the backward, which holds the weights.</summary>
    private static (Tensor Output, AttentionBackward Backward) Run(Dims dims, Operand q, Operand k, Operand v, Tensor? mask)
    {
        var (b, h, hkv, tq, tk, d, dv) = (dims.B, dims.H, dims.Hkv, dims.Tq, dims.Tk, dims.D, dims.Dv);
        bool batchedMask = mask?.Rank == 3;
        if (mask != null && !(mask.Rank == 2 && mask.Shape[0] == tq && mask.Shape[1] == tk)
                         && !(batchedMask && mask.Shape[0] == b && mask.Shape[1] == tq && mask.Shape[2] == tk))
            throw new ArgumentException($"attention mask must be [{tq}, {tk}] or [{b}, {tq}, {tk}], got {ShapeUtil.Format(mask.Shape)}");
        var mc = mask?.Contiguous();
        int rep = h / hkv;
        var weights = StoragePool.Rent(checked(b * h * tq * tk), zeroed: false);
        var outData = StoragePool.Rent(checked(b * tq * h * dv), zeroed: false);
        var output = new Tensor(outData, 0, [b, h, tq, dv], [tq * h * dv, dv, h * dv, 1]);
        var o = Operand.Of(output);
        int threads = Parallelism.ThreadsFor(4.0 * b * h * tq * tk * (d + dv), EngineSettings.Threads);

        Parallelism.For(b * hkv, threads, group =>
        {
            int batch = group / hkv, kvHead = group % hkv;
            var scratch = new float[tk];
            var ks = k.Matrix(batch, kvHead, tk, d);
            var vs = v.Matrix(batch, kvHead, tk, dv);
            for (int r = 0; r < rep; r++)
            {
                int head = kvHead * rep + r;
                var w = weights.AsSpan((batch * h + head) * tq * tk, tq * tk);
                var qs = q.Matrix(batch, head, tq, d);
                var os = o.Matrix(batch, head, tq, dv);
                foreach (var (i0, rows, kEnd) in dims.Blocks())
                {
                    // Scores s = q·kᵀ for this block of queries against the keys any of them can see.
                    Gemm.Multiply(false, true, rows, kEnd, d, qs[(i0 * q.RowStride)..], q.RowStride, ks, k.RowStride, w[(i0 * tk)..], tk, threads: 1);
                    for (int i = i0; i < i0 + rows; i++)
                        Weights(dims, i, w.Slice(i * tk, tk), qs.Slice(i * q.RowStride, d), ks, k.RowStride,
                            mc is null ? default : mc.Storage.AsSpan(mc.Offset + ((batchedMask ? batch * tq : 0) + i) * tk, tk), scratch);
                    Gemm.Multiply(false, false, rows, dv, kEnd, w[(i0 * tk)..], tk, vs, v.RowStride, os[(i0 * o.RowStride)..], o.RowStride, threads: 1);
                }
            }
        });

        return (output, (g, dq, dk, dvOut) =>
        {
            var go = Operand.Of(g);
            Parallelism.For(b * hkv, threads, group =>
            {
                int batch = group / hkv, kvHead = group % hkv;
                var ds = ScoreGradients(tq * tk); // every entry read below is written first
                var colSum = new float[tk];
                var ks = k.Matrix(batch, kvHead, tk, d);
                var vs = v.Matrix(batch, kvHead, tk, dv);
                var dks = dk.Matrix(batch, kvHead, tk, d);
                var dvs = dvOut.Matrix(batch, kvHead, tk, dv);
                // dk and dv collect contributions from every query block and every head sharing them.
                for (int j = 0; j < tk; j++) { dks.Slice(j * dk.RowStride, d).Clear(); dvs.Slice(j * dvOut.RowStride, dv).Clear(); }
                for (int r = 0; r < rep; r++)
                {
                    int head = kvHead * rep + r;
                    var w = weights.AsSpan((batch * h + head) * tq * tk, tq * tk);
                    var gs = go.Matrix(batch, head, tq, dv);
                    var qs = q.Matrix(batch, head, tq, d);
                    var dqs = dq.Matrix(batch, head, tq, d);
                    foreach (var (i0, rows, kEnd) in dims.Blocks())
                    {
                        var wb = w[(i0 * tk)..]; var db = ds.AsSpan(i0 * tk);
                        var gb = gs[(i0 * go.RowStride)..]; var qb = qs[(i0 * q.RowStride)..]; var dqb = dqs[(i0 * dq.RowStride)..];
                        // dv += wᵀ·dO ; dW = dO·vᵀ
                        Gemm.Multiply(true, false, kEnd, dv, rows, wb, tk, gb, go.RowStride, dvs, dvOut.RowStride, accumulate: true, threads: 1);
                        Gemm.Multiply(false, true, rows, kEnd, dv, gb, go.RowStride, vs, v.RowStride, db, tk, threads: 1);
                        if (dims.Kernel == AttentionKernel.Softmax)
                        {
                            // dS = W ⊙ (dW − Σ_j dW·W)·scale ; dq = dS·k ; dk += dSᵀ·q
                            for (int i = 0; i < rows; i++)
                                AttentionScores.SoftmaxScoreGradient(wb.Slice(i * tk, kEnd), db.Slice(i * tk, kEnd), dims.Scale);
                            Gemm.Multiply(false, false, rows, d, kEnd, db, tk, ks, k.RowStride, dqb, dq.RowStride, threads: 1);
                            Gemm.Multiply(true, false, kEnd, d, rows, db, tk, qb, q.RowStride, dks, dk.RowStride, accumulate: true, threads: 1);
                        }
                        else
                        {
                            // G = dW ⊙ W / √d ; dq_i = (G k)_i − rowsum(G)_i q_i ; dk_j += (Gᵀ q)_j − colsum(G)_j k_j
                            Array.Clear(colSum);
                            for (int i = 0; i < rows; i++)
                            {
                                var gr = db.Slice(i * tk, kEnd);
                                AttentionScores.GaussianScoreGradient(wb.Slice(i * tk, kEnd), gr, d);
                                TensorPrimitives.Add(colSum.AsSpan(0, kEnd), gr, colSum.AsSpan(0, kEnd));
                            }
                            Gemm.Multiply(false, false, rows, d, kEnd, db, tk, ks, k.RowStride, dqb, dq.RowStride, threads: 1);
                            for (int i = 0; i < rows; i++)
                            {
                                float rs = (float)Reduce.Sum(db.Slice(i * tk, kEnd));
                                var dqi = dqb.Slice(i * dq.RowStride, d);
                                TensorPrimitives.MultiplyAdd(qb.Slice(i * q.RowStride, d), -rs, dqi, dqi);
                            }
                            Gemm.Multiply(true, false, kEnd, d, rows, db, tk, qb, q.RowStride, dks, dk.RowStride, accumulate: true, threads: 1);
                            for (int j = 0; j < kEnd; j++)
                            {
                                var dkj = dks.Slice(j * dk.RowStride, d);
                                TensorPrimitives.MultiplyAdd(ks.Slice(j * k.RowStride, d), -colSum[j], dkj, dkj);
                            }
                        }
                    }
                }
            });
        });
    }

    [ThreadStatic] private static float[]? _scoreGradients;

    /// <summary>This thread's buffer for one head's score gradients: reused, since a fresh [Tq × Tk] array per head
    /// and layer was a large-object allocation (zeroed by the runtime) on every call.</summary>
    private static float[] ScoreGradients(int length)
    {
        if (_scoreGradients is null || _scoreGradients.Length < length) _scoreGradients = new float[length];
        return _scoreGradients;
    }

    /// <summary>Turns row i of raw scores q·kᵀ into attention weights in place; keys it cannot see get weight 0.</summary>
    /// <param name="maskRow">Row i of the additive mask, or empty for none.</param>
    private static void Weights(Dims dims, int i, Span<float> row, ReadOnlySpan<float> qi, ReadOnlySpan<float> k, int ldk, ReadOnlySpan<float> maskRow, float[] scratch)
    {
        int visible = dims.Visible(i);
        var seen = row[..visible];
        var seenMask = maskRow.IsEmpty ? default : maskRow[..visible];
        if (dims.Kernel == AttentionKernel.Softmax) AttentionScores.SoftmaxWeights(seen, dims.Scale, seenMask);
        else AttentionScores.GaussianWeights(seen, qi, k, ldk, seenMask, scratch);
        row[visible..].Clear();
    }
}
