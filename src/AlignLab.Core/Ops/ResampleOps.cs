using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

public static partial class F
{
    /// <summary>Nearest-neighbour upsampling of x [N, C, H, W] by an integer factor (PyTorch's interpolate, mode "nearest"); the backward sums each block.</summary>
    public static Tensor UpsampleNearest(Tensor x, int scale = 2)
    {
        var (planes, h, w) = ImagePlanes(x, scale, "upsample_nearest");
        var src = x.Contiguous();
        var y = Tensor.Empty([x.Shape[0], x.Shape[1], h * scale, w * scale]);
        int inPlane = h * w, outPlane = inPlane * scale * scale;
        Parallelism.ForRange(planes, (p0, len) =>
        {
            for (int p = p0; p < p0 + len; p++)
                Resample2d.Upsample(src.Storage.AsSpan(src.Offset + p * inPlane, inPlane), h, w, scale, y.Storage.AsSpan(p * outPlane, outPlane));
        }, minLength: Math.Max(1, Parallelism.MinParallelElements / outPlane));
        return OpRecorder.Record(y, Op.UpsampleNearest, src, g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Empty(src.Shape);
            for (int p = 0; p < planes; p++)
                Resample2d.BlockSum(gc.AsSpan().Slice(p * outPlane, outPlane), h, w, scale, 1f, dx.Storage.AsSpan(p * inPlane, inPlane));
            return dx;
        });
    }

    /// <summary>Average pooling of x [N, C, H, W] over non-overlapping k×k blocks (PyTorch's avg_pool2d(x, k)); H and W must be multiples of k.</summary>
    public static Tensor AvgPool2d(Tensor x, int kernel = 2)
    {
        if (x.Rank == 4 && (x.Shape[2] % Math.Max(1, kernel) != 0 || x.Shape[3] % Math.Max(1, kernel) != 0))
            throw new ArgumentException($"avg_pool2d: input {ShapeUtil.Format(x.Shape)} is not a multiple of the kernel {kernel}");
        var (planes, ih, iw) = ImagePlanes(x, kernel, "avg_pool2d");
        int h = ih / kernel, w = iw / kernel, inPlane = ih * iw, outPlane = h * w;
        var src = x.Contiguous();
        var y = Tensor.Empty([x.Shape[0], x.Shape[1], h, w]);
        float scale = 1f / (kernel * kernel);
        for (int p = 0; p < planes; p++)
            Resample2d.BlockSum(src.Storage.AsSpan(src.Offset + p * inPlane, inPlane), h, w, kernel, scale, y.Storage.AsSpan(p * outPlane, outPlane));
        return OpRecorder.Record(y, Op.AvgPool2d, src, g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Empty(src.Shape);
            for (int p = 0; p < planes; p++)
            {
                var plane = dx.Storage.AsSpan(p * inPlane, inPlane);
                Resample2d.Upsample(gc.AsSpan().Slice(p * outPlane, outPlane), h, w, kernel, plane);
                System.Numerics.Tensors.TensorPrimitives.Multiply(plane, scale, plane);
            }
            return dx;
        });
    }

    private static (int Planes, int H, int W) ImagePlanes(Tensor x, int factor, string op)
    {
        if (x.Rank != 4) throw new ArgumentException($"{op} expects [batch, channels, height, width], got {ShapeUtil.Format(x.Shape)}");
        if (factor < 1) throw new ArgumentException($"{op}: factor {factor} must be >= 1");
        return (x.Shape[0] * x.Shape[1], x.Shape[2], x.Shape[3]);
    }
}
