using AlignLab.Core.Autograd;

namespace AlignLab.Core;

/// <summary>Joining, splitting and index-based selection, with their scatter-style backward.</summary>
public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing axis; all other axes must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        if (tensors.Count == 0) throw new ArgumentException("concat of zero tensors");
        var first = tensors[0];
        int a = ShapeUtil.NormalizeAxis(axis, first.Rank);
        var shape = first._shape.ToArray();
        shape[a] = 0;
        foreach (var t in tensors)
        {
            if (t.Rank != first.Rank) throw new ArgumentException($"concat: ranks differ ({ShapeUtil.Format(first._shape)} and {ShapeUtil.Format(t._shape)})");
            for (int i = 0; i < t.Rank; i++)
                if (i != a && t._shape[i] != first._shape[i])
                    throw new ArgumentException($"concat along axis {axis}: shapes {ShapeUtil.Format(first._shape)} and {ShapeUtil.Format(t._shape)} differ on axis {i}");
            shape[a] += t._shape[a];
        }
        var result = Empty(shape);
        var resultStrides = ShapeUtil.ContiguousStrides(shape);
        int start = 0;
        var starts = new int[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i].Contiguous();
            starts[i] = start;
            var region = new Tensor(result.Storage, start * resultStrides[a], t._shape, resultStrides);
            StridedCopy.Scatter(t.AsSpan(), region);
            start += t._shape[a];
        }
        var inputs = tensors.ToArray();
        return OpRecorder.Record(result, Op.Concat, inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].RequiresGrad) grads[i] = g.Slice(a, starts[i], starts[i] + inputs[i]._shape[a]).Contiguous();
            return grads;
        });
    }

    /// <summary>Joins equally shaped tensors along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack of zero tensors");
        int a = axis < 0 ? axis + tensors[0].Rank + 1 : axis;
        return Concat(tensors.Select(t => t.Unsqueeze(a)).ToArray(), a);
    }

    /// <summary>Splits along an axis into pieces of the given sizes (views).</summary>
    public Tensor[] Split(int axis, params int[] sizes)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        if (sizes.Sum() != _shape[a]) throw new ArgumentException($"split sizes {ShapeUtil.Format(sizes)} do not add up to axis {axis} of size {_shape[a]}");
        var pieces = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++) { pieces[i] = Slice(a, start, start + sizes[i]); start += sizes[i]; }
        return pieces;
    }

    /// <summary>Rows (entries along <paramref name="axis"/>) picked by <paramref name="index"/>; repeats allowed.</summary>
    public Tensor IndexSelect(int axis, IntTensor index)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        if (index.Rank != 1) throw new ArgumentException($"index_select needs a 1-D index, got {ShapeUtil.Format(index.Shape)}");
        var src = Contiguous();
        var (outer, n, inner, _) = src.AxisSplit(a);
        foreach (var ix in index.Data) if ((uint)ix >= (uint)n) throw new ArgumentException($"index_select: index {ix} is out of range for axis {axis} of size {n}");
        var shape = _shape.ToArray(); shape[a] = index.Numel;
        var result = Empty(shape);
        int m = index.Numel;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < m; j++)
                src.Storage.AsSpan(src.Offset + (o * n + index.Data[j]) * inner, inner).CopyTo(result.Storage.AsSpan((o * m + j) * inner, inner));
        var full = _shape;
        return OpRecorder.Record(result, Op.IndexSelect, src, g =>
        {
            var gc = g.Contiguous();
            var grad = Zeros(full);
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < m; j++)
                {
                    var dst = grad.Storage.AsSpan((o * n + index.Data[j]) * inner, inner);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, gc.AsSpan().Slice((o * m + j) * inner, inner), dst);
                }
            return grad;
        });
    }

    /// <summary>out[..., j, ...] = x[..., index[..., j, ...], ...] along <paramref name="axis"/> (torch.gather).</summary>
    public Tensor Gather(int axis, IntTensor index)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        if (index.Rank != Rank) throw new ArgumentException($"gather: index rank {index.Rank} differs from tensor rank {Rank}");
        for (int i = 0; i < Rank; i++)
            if (i != a && index.Shape[i] != _shape[i]) throw new ArgumentException($"gather: index shape {ShapeUtil.Format(index.Shape)} must match {ShapeUtil.Format(_shape)} except on axis {axis}");
        var src = Contiguous();
        var (outer, n, inner, _) = src.AxisSplit(a);
        int m = index.Shape[a];
        var result = Empty(index.Shape);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < m; j++)
                for (int i = 0; i < inner; i++)
                {
                    int ix = index.Data[(o * m + j) * inner + i];
                    if ((uint)ix >= (uint)n) throw new ArgumentException($"gather: index {ix} is out of range for axis {axis} of size {n}");
                    result.Storage[(o * m + j) * inner + i] = src.Storage[src.Offset + (o * n + ix) * inner + i];
                }
        var full = _shape;
        return OpRecorder.Record(result, Op.Gather, src, g =>
        {
            var gc = g.Contiguous().AsSpan();
            var grad = Zeros(full);
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < m; j++)
                    for (int i = 0; i < inner; i++)
                        grad.Storage[(o * n + index.Data[(o * m + j) * inner + i]) * inner + i] += gc[(o * m + j) * inner + i];
            return grad;
        });
    }
}
