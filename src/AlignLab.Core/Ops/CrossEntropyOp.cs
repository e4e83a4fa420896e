using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

public static partial class F
{
    private const int RowChunk = 64;

    /// <summary>
    /// Mean cross-entropy of logits [..., C] against integer targets [...], skipping <paramref name="ignoreIndex"/>,
    /// with optional label smoothing ε: loss = −(1−ε)·log p_t − (ε/C)·Σ_c log p_c (PyTorch's definition).
    /// Fused: the backward is (softmax − q)/count, recomputed from the logits rather than stored.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, IntTensor targets, int ignoreIndex = -100, float labelSmoothing = 0f)
    {
        int c = logits.Shape[^1];
        int rows = logits.Numel / c;
        if (targets.Numel != rows || !ShapeUtil.SameShape(logits.Shape[..^1], targets.Shape))
            throw new ArgumentException($"cross-entropy: targets {ShapeUtil.Format(targets.Shape)} do not match logits {ShapeUtil.Format(logits.Shape)} without the class axis");
        if (labelSmoothing < 0 || labelSmoothing > 1) throw new ArgumentException($"label smoothing {labelSmoothing} must be in [0, 1]");
        var x = logits.Contiguous();
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            int t = targets.Data[r];
            if (t == ignoreIndex) continue;
            if ((uint)t >= (uint)c) throw new ArgumentException($"cross-entropy: target {t} at position {r} is outside [0, {c})");
            count++;
        }
        int chunks = (rows + RowChunk - 1) / RowChunk;
        var partial = new double[chunks];
        float eps = labelSmoothing;
        Parallelism.For(chunks, (rows * c >= Parallelism.MinParallelElements / 4 ? EngineSettings.Threads : 1), chunk =>
        {
            var logp = new float[c];
            double s = 0;
            for (int r = chunk * RowChunk, end = Math.Min(rows, r + RowChunk); r < end; r++)
            {
                int t = targets.Data[r];
                if (t == ignoreIndex) continue;
                CrossEntropyKernel.AccumulateRowLoss(ref s, x.Storage.AsSpan(x.Offset + r * c, c), t, eps, logp);
            }
            partial[chunk] = s;
        });
        double total = 0;
        foreach (var p in partial) total += p;
        var loss = Tensor.Scalar(count == 0 ? float.NaN : (float)(total / count));
        return OpRecorder.Record(loss, Op.CrossEntropy, x, g =>
        {
            float scale = g.Item() / count;
            var dx = Tensor.Zeros(x.Shape.ToArray());
            Parallelism.For(chunks, (rows * c >= Parallelism.MinParallelElements / 4 ? EngineSettings.Threads : 1), chunk =>
            {
                for (int r = chunk * RowChunk, end = Math.Min(rows, r + RowChunk); r < end; r++)
                {
                    int t = targets.Data[r];
                    if (t == ignoreIndex) continue;
                    CrossEntropyKernel.RowGradient(x.Storage.AsSpan(x.Offset + r * c, c), t, eps, scale, dx.Storage.AsSpan(r * c, c));
                }
            });
            return dx;
        });
    }

    /// <summary>Mean squared error over all elements.</summary>
    public static Tensor Mse(Tensor a, Tensor b) => (a - b).Square().Mean();
}
