namespace AlignLab.Core;

/// <summary>Reading operands of a broadcast op, and reducing a gradient back to an operand's shape.</summary>
public sealed partial class Tensor
{
    /// <summary>The operand's elements laid out in <paramref name="outShape"/> (no copy when it already is).</summary>
    internal ReadOnlySpan<float> BroadcastData(int[] outShape)
    {
        if (IsContiguous && ShapeUtil.SameShape(_shape, outShape)) return AsSpan();
        var strides = ShapeUtil.BroadcastStrides(_shape, _strides, outShape);
        var view = new Tensor(Storage, Offset, outShape, strides);
        var data = GC.AllocateUninitializedArray<float>(view.Numel);
        StridedCopy.Gather(view, data);
        return data;
    }

    /// <summary>Sums a broadcast gradient over the axes that broadcasting expanded, giving <paramref name="shape"/>.</summary>
    public Tensor SumToShape(ReadOnlySpan<int> shape)
    {
        if (ShapeUtil.SameShape(_shape, shape)) return this;
        var target = shape.ToArray();
        var targetStrides = ShapeUtil.BroadcastStrides(target, ShapeUtil.ContiguousStrides(target), _shape);
        var acc = new double[ShapeUtil.Numel(target)];
        var src = Contiguous().AsSpan();
        int rank = Rank;
        int inner = rank == 0 ? 1 : _shape[rank - 1];
        int innerStride = rank == 0 ? 0 : targetStrides[rank - 1];
        Span<int> idx = stackalloc int[Math.Max(rank, 1)];
        int pos = 0;
        for (int o = 0, n = src.Length / Math.Max(inner, 1); o < n; o++)
        {
            var row = src.Slice(o * inner, inner);
            if (innerStride == 0) { double s = 0; foreach (var v in row) s += v; acc[pos] += s; }
            else for (int i = 0; i < inner; i++) acc[pos + i] += row[i];
            for (int ax = rank - 2; ax >= 0; ax--)
            {
                idx[ax]++;
                pos += targetStrides[ax];
                if (idx[ax] < _shape[ax]) break;
                pos -= targetStrides[ax] * _shape[ax];
                idx[ax] = 0;
            }
        }
        var result = Empty(target);
        for (int i = 0; i < acc.Length; i++) result.Storage[i] = (float)acc[i];
        return result;
    }
}
