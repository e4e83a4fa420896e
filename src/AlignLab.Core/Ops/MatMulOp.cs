using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>
/// Batched matrix product [..., m, k] · [..., k, n] with broadcast batch axes. A transposed view (e.g. <c>w.T()</c>)
/// is passed to the GEMM as a transpose flag, never materialised; the backward uses the same trick.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>How a rank≥2 tensor's last two axes sit in memory: row-major or transposed, with a leading dimension.</summary>
    private readonly record struct MatrixLayout(Tensor Source, bool Transposed, int Ld);

    private MatrixLayout Layout()
    {
        int rows = _shape[^2], cols = _shape[^1], sr = _strides[^2], sc = _strides[^1];
        if ((sc == 1 || cols == 1) && (sr >= cols || rows == 1)) return new(this, false, Math.Max(sr, cols));
        if ((sr == 1 || rows == 1) && (sc >= rows || cols == 1)) return new(this, true, Math.Max(sc, rows));
        var c = Contiguous();
        return new(c, false, cols);
    }

    public Tensor MatMul(Tensor other)
    {
        if (Rank < 2 || other.Rank < 2)
            throw new ArgumentException($"MatMul needs rank ≥ 2 operands, got {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)}");
        int m = _shape[^2], k = _shape[^1], n = other._shape[^1];
        if (other._shape[^2] != k)
            throw new ArgumentException($"MatMul shape mismatch: {ShapeUtil.Format(_shape)} · {ShapeUtil.Format(other._shape)} (inner sizes {k} and {other._shape[^2]})");
        var batch = ShapeUtil.Broadcast(_shape[..^2], other._shape[..^2]);
        var la = Layout();
        var lb = other.Layout();
        var outShape = batch.Concat(new[] { m, n }).ToArray();
        var result = Empty(outShape);
        var offA = BatchOffsets(la.Source, batch);
        var offB = BatchOffsets(lb.Source, batch);
        BatchedGemm(la.Transposed, lb.Transposed, m, n, k, la.Source.Storage, offA, la.Ld, lb.Source.Storage, offB, lb.Ld,
            result.Storage, ContiguousOffsets(batch.Length == 0 ? 1 : ShapeUtil.Numel(batch), m * n), n, accumulate: false, parallelOverBatch: true);

        var a = this; var b = other;
        return OpRecorder.Record(result, Op.MatMul, [a, b], g =>
        {
            var gc = g.Contiguous();
            int count = offA.Length;
            var gOff = ContiguousOffsets(count, m * n);
            for (int i = 0; i < count; i++) gOff[i] += gc.Offset; // a contiguous gradient may still be a view at an offset
            Tensor? ga = null, gb = null;
            if (a.RequiresGrad)
            {
                // dA = dC · op(B)ᵀ, summed over batch entries that share one A matrix.
                ga = Zeros(a._shape);
                var slots = GradSlots(a._shape, batch, m * k);
                BatchedGemm(false, !lb.Transposed, m, k, n, gc.Storage, gOff, n, lb.Source.Storage, offB, lb.Ld,
                    ga.Storage, slots, k, accumulate: true, parallelOverBatch: Distinct(slots));
            }
            if (b.RequiresGrad && lb.Transposed && count == 1 && b.Rank == 2)
            {
                // B is a transposed view (a tied head's wte.T()): compute dBᵀ = dCᵀ · op(A) in the layout of B's source, so
                // the gradient flowing back through the transpose is contiguous again (no strided gather when it is summed).
                var gbt = Empty([n, k]);
                Gemm.Multiply(true, la.Transposed, n, k, m, gc.Storage.AsSpan(gOff[0]), n, la.Source.Storage.AsSpan(offA[0]), la.Ld,
                    gbt.Storage, k);
                gb = gbt.T();
            }
            else if (b.RequiresGrad)
            {
                // dB = op(A)ᵀ · dC.
                gb = Zeros(b._shape);
                var slots = GradSlots(b._shape, batch, k * n);
                BatchedGemm(!la.Transposed, false, k, n, m, la.Source.Storage, offA, la.Ld, gc.Storage, gOff, n,
                    gb.Storage, slots, n, accumulate: true, parallelOverBatch: Distinct(slots));
            }
            return [ga, gb];
        });
    }

    /// <summary>Storage offset of each matrix of <paramref name="t"/> when its batch axes are broadcast to <paramref name="batch"/>.</summary>
    private static int[] BatchOffsets(Tensor t, int[] batch)
    {
        int count = batch.Length == 0 ? 1 : ShapeUtil.Numel(batch);
        var strides = ShapeUtil.BroadcastStrides(t._shape[..^2], t._strides[..^2], batch);
        var offsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            int rem = i, off = t.Offset;
            for (int ax = batch.Length - 1; ax >= 0; ax--) { off += rem % batch[ax] * strides[ax]; rem /= batch[ax]; }
            offsets[i] = off;
        }
        return offsets;
    }

    /// <summary>Offsets into a contiguous gradient of <paramref name="shape"/> for each broadcast batch entry.</summary>
    private static int[] GradSlots(ReadOnlySpan<int> shape, int[] batch, int matrixSize)
    {
        var own = shape[..^2].ToArray();
        var ownStrides = ShapeUtil.ContiguousStrides(own);
        for (int i = 0; i < ownStrides.Length; i++) ownStrides[i] *= matrixSize;
        var strides = ShapeUtil.BroadcastStrides(own, ownStrides, batch);
        int count = batch.Length == 0 ? 1 : ShapeUtil.Numel(batch);
        var offsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            int rem = i, off = 0;
            for (int ax = batch.Length - 1; ax >= 0; ax--) { off += rem % batch[ax] * strides[ax]; rem /= batch[ax]; }
            offsets[i] = off;
        }
        return offsets;
    }

    private static int[] ContiguousOffsets(int count, int size)
    {
        var o = new int[count];
        for (int i = 0; i < count; i++) o[i] = i * size;
        return o;
    }

    private static bool Distinct(int[] offsets) => offsets.Length == offsets.Distinct().Count();

    /// <summary>
    /// One GEMM per batch entry. Many small matrices (attention heads) run in parallel with single-threaded GEMMs;
    /// a few large ones use the GEMM's own threads. Entries writing the same C slot run serially.
    /// </summary>
    private static void BatchedGemm(bool ta, bool tb, int m, int n, int k, float[] a, int[] offA, int lda,
        float[] b, int[] offB, int ldb, float[] c, int[] offC, int ldc, bool accumulate, bool parallelOverBatch)
    {
        int count = offA.Length;
        int aLen = ta ? (k - 1) * lda + m : (m - 1) * lda + k;
        int bLen = tb ? (n - 1) * ldb + k : (k - 1) * ldb + n;
        int threads = EngineSettings.Threads;
        bool batchThreads = parallelOverBatch && count >= threads && threads > 1
                            && Parallelism.ThreadsFor(2.0 * m * n * k * count, threads) > 1;
        if (batchThreads)
            Parallelism.For(count, threads, i => Gemm.Multiply(ta, tb, m, n, k, a.AsSpan(offA[i], aLen), lda,
                b.AsSpan(offB[i], bLen), ldb, c.AsSpan(offC[i], (m - 1) * ldc + n), ldc, accumulate, threads: 1));
        else
            for (int i = 0; i < count; i++)
                Gemm.Multiply(ta, tb, m, n, k, a.AsSpan(offA[i], aLen), lda, b.AsSpan(offB[i], bLen), ldb,
                    c.AsSpan(offC[i], (m - 1) * ldc + n), ldc, accumulate, threads);
    }
}
