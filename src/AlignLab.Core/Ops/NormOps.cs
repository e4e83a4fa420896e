using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Layer norm and RMS norm over the last axis: rows split between threads, each row one kernel call (statistics in double).</summary>
public static partial class F
{
    public static Tensor LayerNorm(Tensor x, Tensor weight, Tensor? bias, float eps = 1e-5f)
    {
        var src = x.Contiguous();
        int c = src.Shape[^1], rows = src.Numel / c;
        CheckNormParam(weight, c, "weight"); if (bias != null) CheckNormParam(bias, c, "bias");
        var w = weight.Contiguous(); var bb = bias?.Contiguous();
        var y = Tensor.Empty(src.Shape);
        var mean = new float[rows]; var rstd = new float[rows];
        int threads = rows * c >= Parallelism.MinParallelElements / 4 ? EngineSettings.Threads : 1;
        Parallelism.For(ChunkCount(rows), threads, chunk =>
        {
            foreach (int r in ChunkRows(chunk, rows))
                (mean[r], rstd[r]) = LayerNormKernel.Forward(src.Storage.AsSpan(src.Offset + r * c, c), w.AsSpan(),
                    bb is null ? default : bb.AsSpan(), y.Storage.AsSpan(r * c, c), eps);
        });
        Tensor[] inputs = bias is null ? [src, w] : [src, w, bb!];
        return OpRecorder.Record(y, Op.LayerNorm, inputs, g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Empty(src.Shape);
            var (dw, db) = (new double[c], new double[c]);
            var partialW = new float[ChunkCount(rows)][]; var partialB = new float[ChunkCount(rows)][];
            Parallelism.For(ChunkCount(rows), threads, chunk =>
            {
                var pw = partialW[chunk] = new float[c]; var pb = partialB[chunk] = new float[c];
                foreach (int r in ChunkRows(chunk, rows))
                    LayerNormKernel.Backward(src.Storage.AsSpan(src.Offset + r * c, c), gc.AsSpan().Slice(r * c, c), w.AsSpan(),
                        mean[r], rstd[r], dx.Storage.AsSpan(r * c, c), pw, pb);
            });
            return bias is null ? [dx, SumPartials(partialW, dw, w.Shape)] : [dx, SumPartials(partialW, dw, w.Shape), SumPartials(partialB, db, w.Shape)];
        });
    }

    /// <summary>x · rsqrt(mean(x²) + eps) · weight (Llama's RMSNorm).</summary>
    public static Tensor RmsNorm(Tensor x, Tensor weight, float eps = 1e-6f)
    {
        var src = x.Contiguous();
        int c = src.Shape[^1], rows = src.Numel / c;
        CheckNormParam(weight, c, "weight");
        var w = weight.Contiguous();
        var y = Tensor.Empty(src.Shape);
        var rstd = new float[rows];
        int threads = rows * c >= Parallelism.MinParallelElements / 4 ? EngineSettings.Threads : 1;
        Parallelism.For(ChunkCount(rows), threads, chunk =>
        {
            foreach (int r in ChunkRows(chunk, rows))
                rstd[r] = RmsNormKernel.Forward(src.Storage.AsSpan(src.Offset + r * c, c), w.AsSpan(), y.Storage.AsSpan(r * c, c), eps);
        });
        return OpRecorder.Record(y, Op.RmsNorm, [src, w], g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Empty(src.Shape);
            var partialW = new float[ChunkCount(rows)][];
            Parallelism.For(ChunkCount(rows), threads, chunk =>
            {
                var pw = partialW[chunk] = new float[c];
                var gw = new float[c]; var tmp = new float[c];
                foreach (int r in ChunkRows(chunk, rows))
                    RmsNormKernel.Backward(src.Storage.AsSpan(src.Offset + r * c, c), gc.AsSpan().Slice(r * c, c), w.AsSpan(), rstd[r],
                        dx.Storage.AsSpan(r * c, c), pw, gw, tmp);
            });
            return [dx, SumPartials(partialW, new double[c], w.Shape)];
        });
    }

    private static void CheckNormParam(Tensor p, int c, string what)
    {
        if (p.Rank != 1 || p.Shape[0] != c) throw new ArgumentException($"norm {what} has shape {ShapeUtil.Format(p.Shape)}, expected [{c}]");
    }

    private static int ChunkCount(int rows) => (rows + RowChunk - 1) / RowChunk;

    private static IEnumerable<int> ChunkRows(int chunk, int rows)
    {
        for (int r = chunk * RowChunk, end = Math.Min(rows, r + RowChunk); r < end; r++) yield return r;
    }

    /// <summary>Sums per-chunk partial gradients in chunk order (deterministic for any thread count).</summary>
    private static Tensor SumPartials(float[][] partials, double[] acc, ReadOnlySpan<int> shape)
    {
        foreach (var p in partials) for (int i = 0; i < acc.Length; i++) acc[i] += p[i];
        var t = Tensor.Empty(shape);
        for (int i = 0; i < acc.Length; i++) t.Storage[i] = (float)acc[i];
        return t;
    }
}
