using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Reductions along one axis (accumulated in double) and over all elements.</summary>
public sealed partial class Tensor
{
    /// <summary>Splits the shape around <paramref name="axis"/> into (outer, n, inner) for a contiguous walk.</summary>
    private (int Outer, int N, int Inner, int Axis) AxisSplit(int axis)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= _shape[i];
        for (int i = a + 1; i < Rank; i++) inner *= _shape[i];
        return (outer, _shape[a], inner, a);
    }

    private int[] ReducedShape(int axis, bool keepDim)
    {
        var shape = new List<int>(_shape);
        if (keepDim) shape[axis] = 1; else shape.RemoveAt(axis);
        return shape.ToArray();
    }

    /// <summary>The gradient of a reduction spread back along the reduced axis.</summary>
    private static Tensor SpreadBack(Tensor g, int[] keptShape, int[] fullShape) => g.Reshape(keptShape).Expand(fullShape);

    /// <summary>Line (o, i) along the reduced axis: its first element and the span through its last.</summary>
    private static ReadOnlySpan<float> Line(Tensor src, int o, int i, int n, int inner) =>
        src.Storage.AsSpan(src.Offset + o * n * inner + i, (n - 1) * inner + 1);

    /// <summary>Applies <paramref name="reduce"/> (a kernel over one strided line) to every line along the axis.</summary>
    private Tensor ReduceAxis(int axis, bool keepDim, Func<ReadOnlySpan<float>, int, int, double> reduce)
    {
        var src = Contiguous();
        var (outer, n, inner, a) = src.AxisSplit(axis);
        var result = Empty(src.ReducedShape(a, keepDim));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                result.Storage[o * inner + i] = (float)reduce(Line(src, o, i, n, inner), n, inner);
        return result;
    }

    public Tensor Sum(int axis, bool keepDim = false)
    {
        var src = Contiguous();
        var a = ShapeUtil.NormalizeAxis(axis, Rank);
        var result = src.ReduceAxis(a, keepDim, AxisReductions.Sum);
        var kept = src.ReducedShape(a, true);
        var full = _shape;
        return OpRecorder.Record(result, Op.Sum, src, g => SpreadBack(g, kept, full));
    }

    public Tensor Mean(int axis, bool keepDim = false)
    {
        int n = _shape[ShapeUtil.NormalizeAxis(axis, Rank)];
        return Sum(axis, keepDim).MulScalar(1f / n);
    }

    public Tensor Sum()
    {
        var src = Contiguous();
        var result = Scalar((float)Reduce.Sum(src.AsSpan()));
        var full = _shape;
        return OpRecorder.Record(result, Op.SumAll, src, g => Full(g.Item(), full));
    }

    public Tensor Mean() => Sum().MulScalar(1f / Numel);

    /// <summary>Maximum along an axis; the gradient goes to the first maximal element.</summary>
    public Tensor Max(int axis, bool keepDim = false)
    {
        var src = Contiguous();
        var (outer, n, inner, a) = src.AxisSplit(axis);
        var argmax = new int[outer * inner];
        var result = Empty(src.ReducedShape(a, keepDim));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                (result.Storage[o * inner + i], argmax[o * inner + i]) = AxisReductions.Max(Line(src, o, i, n, inner), n, inner);
        var full = _shape;
        return OpRecorder.Record(result, Op.Max, src, g =>
        {
            var gs = g.Contiguous().AsSpan();
            var grad = Zeros(full);
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    grad.Storage[o * n * inner + argmax[o * inner + i] * inner + i] = gs[o * inner + i];
            return grad;
        });
    }

    /// <summary>log Σ exp along an axis, computed with the maximum subtracted.</summary>
    public Tensor LogSumExp(int axis, bool keepDim = false)
    {
        var src = Contiguous();
        var a = ShapeUtil.NormalizeAxis(axis, Rank);
        var result = src.ReduceAxis(a, keepDim, AxisReductions.LogSumExp);
        var kept = src.ReducedShape(a, true);
        var full = _shape;
        return OpRecorder.Record(result, Op.LogSumExp, src, g =>
        {
            // d/dx logsumexp = softmax(x) along the axis.
            var p = (src.Detach() - result.Detach().Reshape(kept)).Exp();
            return p * SpreadBack(g, kept, full);
        });
    }

    /// <summary>Variance along an axis; <paramref name="unbiased"/> divides by n − 1.</summary>
    public Tensor Var(int axis, bool keepDim = false, bool unbiased = true)
    {
        var src = Contiguous();
        var a = ShapeUtil.NormalizeAxis(axis, Rank);
        int n = _shape[a];
        int denom = unbiased ? n - 1 : n;
        if (denom <= 0) throw new ArgumentException($"variance over an axis of size {n} with unbiased={unbiased} is undefined");
        var kept = src.ReducedShape(a, true);
        var result = src.ReduceAxis(a, keepDim, (line, len, stride) => AxisReductions.Variance(line, len, stride, denom));
        var full = _shape;
        return OpRecorder.Record(result, Op.Var, src, g => (src.Detach() - src.Detach().Mean(a, true)) * SpreadBack(g, kept, full).MulScalar(2f / denom));
    }
}
