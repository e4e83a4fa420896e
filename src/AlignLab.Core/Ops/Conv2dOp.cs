using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

public static partial class F
{
    /// <summary>Batch items per work chunk of a convolution; fixed so the weight gradient is summed in the same order on any thread count.</summary>
    private const int ConvItemsPerChunk = 4;

    /// <summary>
    /// 2-D convolution (PyTorch's conv2d: cross-correlation, zero padding) of x [N, C, H, W] with weight
    /// [O, C, kh, kw] and an optional bias [O]: per image, the im2col columns times the weight read as [O, C·kh·kw].
    /// Chunks of images run on separate threads with single-threaded GEMMs; the backward recomputes the columns
    /// instead of keeping them (they are kh·kw times the input).
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        if (x.Rank != 4) throw new ArgumentException($"conv2d expects input [batch, channels, height, width], got {ShapeUtil.Format(x.Shape)}");
        if (weight.Rank != 4) throw new ArgumentException($"conv2d expects weight [out, in, kh, kw], got {ShapeUtil.Format(weight.Shape)}");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int o = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        if (weight.Shape[1] != c) throw new ArgumentException($"conv2d weight {ShapeUtil.Format(weight.Shape)} expects {weight.Shape[1]} input channels, input {ShapeUtil.Format(x.Shape)} has {c}");
        if (stride < 1 || padding < 0) throw new ArgumentException($"conv2d stride {stride} must be >= 1 and padding {padding} >= 0");
        if (h + 2 * padding < kh || w + 2 * padding < kw)
            throw new ArgumentException($"conv2d kernel {kh}x{kw} is larger than the padded input {h + 2 * padding}x{w + 2 * padding}");
        if (bias != null && (bias.Rank != 1 || bias.Shape[0] != o)) throw new ArgumentException($"conv2d bias has shape {ShapeUtil.Format(bias.Shape)}, expected [{o}]");
        int oh = Im2Col.OutputSize(h, kh, stride, padding), ow = Im2Col.OutputSize(w, kw, stride, padding);
        int ck = c * kh * kw, plane = oh * ow, inPlane = c * h * w;
        var xc = x.Contiguous(); var wc = weight.Contiguous(); var bc = bias?.Contiguous();
        var y = Tensor.Empty([n, o, oh, ow]);
        int chunks = (n + ConvItemsPerChunk - 1) / ConvItemsPerChunk;
        int threads = Parallelism.ThreadsFor(2.0 * n * o * ck * plane, EngineSettings.Threads);
        bool direct = kh == 1 && kw == 1 && stride == 1 && padding == 0;   // the columns are the image itself

        Parallelism.For(chunks, threads, chunk =>
        {
            var cols = direct ? null : new float[ck * plane];
            for (int b = chunk * ConvItemsPerChunk, end = Math.Min(n, b + ConvItemsPerChunk); b < end; b++)
            {
                var img = xc.Storage.AsSpan(xc.Offset + b * inPlane, inPlane);
                if (!direct) Im2Col.Unfold(img, c, h, w, kh, kw, stride, padding, cols);
                var yb = y.Storage.AsSpan(b * o * plane, o * plane);
                Gemm.Multiply(false, false, o, plane, ck, wc.AsSpan(), ck, direct ? img : cols, plane, yb, plane, threads: 1);
                if (bc != null) for (int r = 0; r < o; r++) System.Numerics.Tensors.TensorPrimitives.Add(yb.Slice(r * plane, plane), bc.Storage[bc.Offset + r], yb.Slice(r * plane, plane));
            }
        });
        Tensor[] inputs = bc is null ? [xc, wc] : [xc, wc, bc];
        return OpRecorder.Record(y, Op.Conv2d, inputs, g =>
        {
            var gc = g.Contiguous();
            var dx = xc.RequiresGrad ? Tensor.Zeros(xc.Shape.ToArray()) : null;
            var partialW = wc.RequiresGrad ? new float[chunks][] : null;
            Parallelism.For(chunks, threads, chunk =>
            {
                var cols = direct ? null : new float[ck * plane];
                var dcols = dx is null || direct ? null : new float[ck * plane];
                var pw = partialW is null ? null : partialW[chunk] = new float[o * ck];
                for (int b = chunk * ConvItemsPerChunk, end = Math.Min(n, b + ConvItemsPerChunk); b < end; b++)
                {
                    var gb = gc.Storage.AsSpan(gc.Offset + b * o * plane, o * plane);
                    var img = xc.Storage.AsSpan(xc.Offset + b * inPlane, inPlane);
                    if (pw != null)
                    {
                        if (!direct) Im2Col.Unfold(img, c, h, w, kh, kw, stride, padding, cols);
                        // dW += dy · colsᵀ
                        Gemm.Multiply(false, true, o, ck, plane, gb, plane, direct ? img : cols, plane, pw, ck, accumulate: true, threads: 1);
                    }
                    if (dx != null)
                    {
                        var dxb = dx.Storage.AsSpan(b * inPlane, inPlane);
                        // dcols = Wᵀ · dy, folded back onto the pixels it was read from
                        if (direct) Gemm.Multiply(true, false, ck, plane, o, wc.AsSpan(), ck, gb, plane, dxb, plane, threads: 1);
                        else
                        {
                            Gemm.Multiply(true, false, ck, plane, o, wc.AsSpan(), ck, gb, plane, dcols, plane, threads: 1);
                            Im2Col.FoldAdd(dcols, c, h, w, kh, kw, stride, padding, dxb);
                        }
                    }
                }
            });
            var dw = partialW is null ? null : SumPartials(partialW, new double[o * ck], wc.Shape);
            Tensor? db = null;
            if (bc != null && bc.RequiresGrad)
            {
                db = Tensor.Empty([o]);
                for (int r = 0; r < o; r++)
                {
                    double s = 0;
                    for (int b = 0; b < n; b++) s += Reduce.Sum(gc.Storage.AsSpan(gc.Offset + (b * o + r) * plane, plane));
                    db.Storage[r] = (float)s;
                }
            }
            return bc is null ? [dx, dw] : [dx, dw, db];
        });
    }
}
