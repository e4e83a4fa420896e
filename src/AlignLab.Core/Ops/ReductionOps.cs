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

    /// <summary>Applies <paramref name="reduce"/> to each line along the axis (given as a strided accessor).</summary>
    private Tensor ReduceAxis(int axis, bool keepDim, Func<float[], int, int, int, double> reduce)
    {
        var src = Contiguous();
        var (outer, n, inner, a) = src.AxisSplit(axis);
        var result = Empty(src.ReducedShape(a, keepDim));
        var data = src.Storage; int baseOff = src.Offset;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                result.Storage[o * inner + i] = (float)reduce(data, baseOff + o * n * inner + i, n, inner);
        return result;
    }

    public Tensor Sum(int axis, bool keepDim = false)
    {
        var src = Contiguous();
        var (_, _, inner, a) = src.AxisSplit(axis);
        var result = src.ReduceAxis(a, keepDim, inner == 1
            ? (d, off, n, _) => Reduce.Sum(d.AsSpan(off, n))
            : (d, off, n, stride) => { double s = 0; for (int k = 0; k < n; k++) s += d[off + k * stride]; return s; });
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
            {
                int off = src.Offset + o * n * inner + i, best = 0;
                float m = src.Storage[off];
                for (int k = 1; k < n; k++) if (src.Storage[off + k * inner] > m) { m = src.Storage[off + k * inner]; best = k; }
                argmax[o * inner + i] = best;
                result.Storage[o * inner + i] = m;
            }
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
        var result = src.ReduceAxis(a, keepDim, (d, off, n, stride) =>
        {
            float m = float.NegativeInfinity;
            for (int k = 0; k < n; k++) m = Math.Max(m, d[off + k * stride]);
            if (float.IsNegativeInfinity(m)) return m;
            double s = 0;
            for (int k = 0; k < n; k++) s += Math.Exp(d[off + k * stride] - m);
            return m + Math.Log(s);
        });
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
        var result = src.ReduceAxis(a, keepDim, (d, off, len, stride) =>
        {
            double s = 0, s2 = 0;
            for (int k = 0; k < len; k++) s += d[off + k * stride];
            double mu = s / len;
            for (int k = 0; k < len; k++) { double c = d[off + k * stride] - mu; s2 += c * c; }
            return s2 / denom;
        });
        var full = _shape;
        return OpRecorder.Record(result, Op.Var, src, g => (src.Detach() - src.Detach().Mean(a, true)) * SpreadBack(g, kept, full).MulScalar(2f / denom));
    }
}
