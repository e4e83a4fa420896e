using AlignLab.Core.Autograd;

namespace AlignLab.Core;

/// <summary>Ops that change how storage is read (no copy when possible) and their backward.</summary>
public sealed partial class Tensor
{
    /// <summary>Self when already contiguous; otherwise a row-major copy.</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous) return this;
        var result = Empty(_shape);
        StridedCopy.Gather(this, result.Storage);
        return OpRecorder.Record(result, Op.Contiguous, this, g => g);
    }

    /// <summary>A contiguous copy that never aliases this tensor's storage.</summary>
    public Tensor Clone()
    {
        var result = Empty(_shape);
        if (IsContiguous) AsSpan().CopyTo(result.Storage); else StridedCopy.Gather(this, result.Storage);
        return OpRecorder.Record(result, Op.Clone, this, g => g);
    }

    /// <summary>Reshape; one dimension may be -1. A view whenever the strides allow it (NumPy's rule), else a copy.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var target = ResolveShape(shape);
        var original = _shape;
        var strides = Numel == 0 ? null : ViewStrides(_shape, _strides, target);
        if (strides != null)
            return OpRecorder.Record(new Tensor(Storage, Offset, target, strides), Op.Reshape, this, g => g.Reshape(original));
        var src = Contiguous();
        var view = new Tensor(src.Storage, src.Offset, target, ShapeUtil.ContiguousStrides(target));
        return OpRecorder.Record(view, Op.Reshape, src, g => g.Reshape(original));
    }

    /// <summary>
    /// Strides that read the same elements in the new shape without copying, or null. Axes are grouped so each group
    /// of old axes and new axes has the same size; a group works when its old axes are nested (stride[i] = stride[i+1]·size[i+1]).
    /// </summary>
    private static int[]? ViewStrides(int[] oldShape, int[] oldStrides, int[] newShape)
    {
        var oShape = new List<int>(); var oStrides = new List<int>();
        for (int i = 0; i < oldShape.Length; i++)
            if (oldShape[i] != 1) { oShape.Add(oldShape[i]); oStrides.Add(oldStrides[i]); }
        var result = new int[newShape.Length];
        Array.Fill(result, 1);
        int oi = 0, ni = 0;
        while (oi < oShape.Count && ni < newShape.Length)
        {
            int oj = oi + 1, nj = ni + 1;
            long op = oShape[oi], np = newShape[ni];
            while (op != np)
            {
                if (np < op) np *= newShape[nj++];
                else op *= oShape[oj++];
            }
            for (int k = oi; k < oj - 1; k++)
                if (oStrides[k] != oStrides[k + 1] * oShape[k + 1]) return null;
            result[nj - 1] = oStrides[oj - 1];
            for (int k = nj - 2; k >= ni; k--) result[k] = result[k + 1] * newShape[k + 1];
            oi = oj; ni = nj;
        }
        return result;
    }

    public Tensor View(params int[] shape) => Reshape(shape);
    public Tensor Flatten() => Reshape(Numel);

    private int[] ResolveShape(int[] shape)
    {
        var target = (int[])shape.Clone();
        int infer = -1; long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"reshape to {ShapeUtil.Format(shape)}: only one dimension may be -1");
                infer = i;
            }
            else known *= target[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0) throw new ArgumentException($"cannot reshape {ShapeUtil.Format(_shape)} into {ShapeUtil.Format(shape)}");
            target[infer] = (int)(Numel / known);
        }
        if (ShapeUtil.Numel(target) != Numel) throw new ArgumentException($"cannot reshape {ShapeUtil.Format(_shape)} ({Numel} elements) into {ShapeUtil.Format(shape)}");
        return target;
    }

    /// <summary>Reorders axes without copying.</summary>
    public Tensor Permute(params int[] axes)
    {
        if (axes.Length != Rank) throw new ArgumentException($"permute of a rank-{Rank} tensor needs {Rank} axes, got {axes.Length}");
        var shape = new int[Rank]; var strides = new int[Rank]; var inverse = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int a = ShapeUtil.NormalizeAxis(axes[i], Rank);
            if (seen[a]) throw new ArgumentException($"permute axes {ShapeUtil.Format(axes)} repeat axis {a}");
            seen[a] = true;
            shape[i] = _shape[a]; strides[i] = _strides[a]; inverse[a] = i;
        }
        var view = new Tensor(Storage, Offset, shape, strides);
        return OpRecorder.Record(view, Op.Permute, this, g => g.Permute(inverse));
    }

    /// <summary>Swaps two axes without copying.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var axes = new int[Rank];
        for (int i = 0; i < Rank; i++) axes[i] = i;
        int a = ShapeUtil.NormalizeAxis(axis0, Rank), b = ShapeUtil.NormalizeAxis(axis1, Rank);
        (axes[a], axes[b]) = (axes[b], axes[a]);
        return Permute(axes);
    }

    /// <summary>Transpose of the last two axes (a view).</summary>
    public Tensor T() => Transpose(-2, -1);

    /// <summary>Elements [start, end) along an axis, as a view.</summary>
    public Tensor Slice(int axis, int start, int end)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        if (start < 0) start += _shape[a];
        if (end < 0) end += _shape[a];
        if (start < 0 || end > _shape[a] || start > end)
            throw new ArgumentException($"slice [{start}, {end}) out of range for axis {axis} of size {_shape[a]}");
        var shape = (int[])_shape.Clone();
        shape[a] = end - start;
        var view = new Tensor(Storage, Offset + start * _strides[a], shape, _strides);
        var full = _shape;
        return OpRecorder.Record(view, Op.Slice, this, g =>
        {
            var grad = Zeros(full);
            var region = new Tensor(grad.Storage, start * grad._strides[a], shape, grad._strides);
            var gc = g.Contiguous();
            StridedCopy.Scatter(gc.AsSpan(), region);
            return grad;
        });
    }

    /// <summary>Inserts an axis of size 1.</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = axis < 0 ? axis + Rank + 1 : axis;
        var shape = new List<int>(_shape);
        shape.Insert(a, 1);
        return Reshape(shape.ToArray());
    }

    /// <summary>Removes an axis of size 1.</summary>
    public Tensor Squeeze(int axis)
    {
        int a = ShapeUtil.NormalizeAxis(axis, Rank);
        if (_shape[a] != 1) throw new ArgumentException($"cannot squeeze axis {axis} of size {_shape[a]}");
        var shape = new List<int>(_shape);
        shape.RemoveAt(a);
        return Reshape(shape.ToArray());
    }

    /// <summary>Broadcasts to a larger shape (a copy; the backward sums over the broadcast axes).</summary>
    public Tensor Expand(params int[] shape)
    {
        var strides = ShapeUtil.BroadcastStrides(_shape, _strides, shape);
        var view = new Tensor(Storage, Offset, (int[])shape.Clone(), strides);
        var result = Empty(shape);
        StridedCopy.Gather(view, result.Storage);
        var original = _shape;
        return OpRecorder.Record(result, Op.Expand, this, g => g.SumToShape(original));
    }
}
