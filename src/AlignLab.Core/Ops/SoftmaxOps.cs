using System.Numerics.Tensors;
using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Softmax and log-softmax along an axis (computed on the last axis; other axes go through a transpose view).</summary>
public sealed partial class Tensor
{
    public Tensor Softmax(int axis = -1) => AlongLastAxis(axis, t => t.SoftmaxLast());
    public Tensor LogSoftmax(int axis = -1) => AlongLastAxis(axis, t => t.LogSoftmaxLast());

    private Tensor AlongLastAxis(int axis, Func<Tensor, Tensor> f)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        return a == Rank - 1 ? f(this) : f(Transpose(a, -1)).Transpose(a, -1);
    }

    private Tensor SoftmaxLast()
    {
        var src = Contiguous();
        int n = _shape[^1];
        var y = Empty(_shape);
        for (int off = 0; off < Numel; off += n) RowSoftmax.Softmax(src.Storage.AsSpan(src.Offset + off, n), y.Storage.AsSpan(off, n));
        return OpRecorder.Record(y, "softmax", src, g =>
        {
            // dx = y ⊙ (g − Σ g·y) per row.
            var gc = g.Contiguous();
            var dx = Empty(y._shape);
            for (int off = 0; off < dx.Numel; off += n)
            {
                var ys = y.Storage.AsSpan(off, n); var gs = gc.AsSpan().Slice(off, n); var d = dx.Storage.AsSpan(off, n);
                float dot = (float)Reduce.Dot(gs, ys);
                TensorPrimitives.Subtract(gs, dot, d);
                TensorPrimitives.Multiply(d, ys, d);
            }
            return dx;
        });
    }

    private Tensor LogSoftmaxLast()
    {
        var src = Contiguous();
        int n = _shape[^1];
        var y = Empty(_shape);
        for (int off = 0; off < Numel; off += n) RowSoftmax.LogSoftmax(src.Storage.AsSpan(src.Offset + off, n), y.Storage.AsSpan(off, n));
        return OpRecorder.Record(y, "log_softmax", src, g =>
        {
            // dx = g − softmax(x)·Σ g per row.
            var gc = g.Contiguous();
            var dx = Empty(y._shape);
            for (int off = 0; off < dx.Numel; off += n)
            {
                var ys = y.Storage.AsSpan(off, n); var gs = gc.AsSpan().Slice(off, n); var d = dx.Storage.AsSpan(off, n);
                float sum = (float)Reduce.Sum(gs);
                TensorPrimitives.Exp(ys, d);
                TensorPrimitives.Multiply(d, -sum, d);
                TensorPrimitives.Add(d, gs, d);
            }
            return dx;
        });
    }
}
