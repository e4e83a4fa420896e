using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Softmax and log-softmax along an axis (computed on the last axis; other axes go through a transpose view).</summary>
public sealed partial class Tensor
{
    public Tensor Softmax(int axis = -1) => AlongLastAxis(axis, t => t.RowWise(Op.Softmax, RowSoftmax.Softmax, RowSoftmax.SoftmaxBackward));
    public Tensor LogSoftmax(int axis = -1) => AlongLastAxis(axis, t => t.RowWise(Op.LogSoftmax, RowSoftmax.LogSoftmax, RowSoftmax.LogSoftmaxBackward));

    private Tensor AlongLastAxis(int axis, Func<Tensor, Tensor> f)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        return a == Rank - 1 ? f(this) : f(Transpose(a, -1)).Transpose(a, -1);
    }

    private delegate void RowForward(ReadOnlySpan<float> x, Span<float> y);
    /// <summary>Row gradient from the row's output y and output gradient g, written to d.</summary>
    private delegate void RowBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> d);

    private Tensor RowWise(Op op, RowForward forward, RowBackward backward)
    {
        var src = Contiguous();
        int n = _shape[^1];
        var y = Empty(_shape);
        for (int off = 0; off < Numel; off += n) forward(src.Storage.AsSpan(src.Offset + off, n), y.Storage.AsSpan(off, n));
        return OpRecorder.Record(y, op, src, g =>
        {
            var gc = g.Contiguous();
            var dx = Empty(y._shape);
            for (int off = 0; off < dx.Numel; off += n)
                backward(y.Storage.AsSpan(off, n), gc.AsSpan().Slice(off, n), dx.Storage.AsSpan(off, n));
            return dx;
        });
    }
}
