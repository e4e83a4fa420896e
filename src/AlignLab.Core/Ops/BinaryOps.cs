using System.Numerics.Tensors;
using AlignLab.Core.Autograd;

namespace AlignLab.Core;

/// <summary>Element-wise binary ops with NumPy broadcasting; gradients are summed back to each operand's shape.</summary>
public sealed partial class Tensor
{
    

    private static Tensor Binary(Tensor a, Tensor b, Op kind)
    {
        var shape = ShapeUtil.Broadcast(a._shape, b._shape);
        var result = Empty(shape);
        var dst = result.Storage.AsSpan();
        if (b.Numel == 1 && a.IsContiguous && ShapeUtil.SameShape(a._shape, shape))
        {
            float s = b.Storage[b.Offset];
            var x = a.AsSpan();
            switch (kind)
            {
                case Op.Add: TensorPrimitives.Add(x, s, dst); break;
                case Op.Sub: TensorPrimitives.Subtract(x, s, dst); break;
                case Op.Mul: TensorPrimitives.Multiply(x, s, dst); break;
                default: TensorPrimitives.Divide(x, s, dst); break;
            }
        }
        else if (IsTrailingRow(b, shape) && a.IsContiguous && ShapeUtil.SameShape(a._shape, shape))
        {
            // The common bias/scale case ([N, C] op [C]): one vectorised call per row.
            int n = b.Numel;
            Kernels.Parallelism.ForRange(dst.Length, (start, len) =>
            {
                var row = b.AsSpan(); var x = a.AsSpan(); var d = result.Storage.AsSpan();
                for (int off = start; off < start + len; off += n) Apply(kind, x.Slice(off, n), row, d.Slice(off, n));
            }, align: n);
        }
        else if (a.IsContiguous && b.IsContiguous && ShapeUtil.SameShape(a._shape, shape) && ShapeUtil.SameShape(b._shape, shape))
            Kernels.Parallelism.ForRange(dst.Length, (start, len) =>
                Apply(kind, a.AsSpan().Slice(start, len), b.AsSpan().Slice(start, len), result.Storage.AsSpan(start, len)));
        else Apply(kind, a.BroadcastData(shape), b.BroadcastData(shape), dst);

        return OpRecorder.Record(result, kind, [a, b], g => kind switch
        {
            Op.Add => [a.RequiresGrad ? g.SumToShape(a._shape) : null, b.RequiresGrad ? g.SumToShape(b._shape) : null],
            Op.Sub => [a.RequiresGrad ? g.SumToShape(a._shape) : null, b.RequiresGrad ? g.Neg().SumToShape(b._shape) : null],
            Op.Mul => [a.RequiresGrad ? (g * b).SumToShape(a._shape) : null, b.RequiresGrad ? (g * a).SumToShape(b._shape) : null],
            _ => [a.RequiresGrad ? (g / b).SumToShape(a._shape) : null,
                  b.RequiresGrad ? (g * a / (b * b)).Neg().SumToShape(b._shape) : null],
        });
    }

    private static bool IsTrailingRow(Tensor b, int[] shape)
    {
        if (!b.IsContiguous || b.Rank == 0 || b.Rank > shape.Length) return false;
        int lead = shape.Length - b.Rank;
        for (int i = 0; i < b.Rank; i++) if (b._shape[i] != shape[lead + i]) return false;
        return true;
    }

    private static void Apply(Op kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        switch (kind)
        {
            case Op.Add: TensorPrimitives.Add(x, y, dst); break;
            case Op.Sub: TensorPrimitives.Subtract(x, y, dst); break;
            case Op.Mul: TensorPrimitives.Multiply(x, y, dst); break;
            default: TensorPrimitives.Divide(x, y, dst); break;
        }
    }

    public Tensor Add(Tensor other) => Binary(this, other, Op.Add);
    public Tensor Sub(Tensor other) => Binary(this, other, Op.Sub);
    public Tensor Mul(Tensor other) => Binary(this, other, Op.Mul);
    public Tensor Div(Tensor other) => Binary(this, other, Op.Div);

    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, float s) => a.AddScalar(s);
    public static Tensor operator +(float s, Tensor a) => a.AddScalar(s);
    public static Tensor operator -(Tensor a, float s) => a.AddScalar(-s);
    public static Tensor operator -(float s, Tensor a) => a.Neg().AddScalar(s);
    public static Tensor operator *(Tensor a, float s) => a.MulScalar(s);
    public static Tensor operator *(float s, Tensor a) => a.MulScalar(s);
    public static Tensor operator /(Tensor a, float s) => a.MulScalar(1f / s);

    public Tensor AddScalar(float s)
    {
        var src = Contiguous();
        var result = Empty(_shape);
        TensorPrimitives.Add(src.AsSpan(), s, result.Storage);
        return OpRecorder.Record(result, Op.AddScalar, src, g => g);
    }

    public Tensor MulScalar(float s)
    {
        var src = Contiguous();
        var result = Empty(_shape);
        TensorPrimitives.Multiply(src.AsSpan(), s, result.Storage);
        return OpRecorder.Record(result, Op.MulScalar, src, g => g.MulScalar(s));
    }

    /// <summary>Picks <paramref name="a"/> where <paramref name="condition"/> is true, else <paramref name="b"/> (broadcasting all three).</summary>
    public static Tensor Where(BoolTensor condition, Tensor a, Tensor b)
    {
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.Shape, a._shape), b._shape);
        var cond = condition.BroadcastTo(shape);
        var x = a.BroadcastData(shape);
        var y = b.BroadcastData(shape);
        var result = Empty(shape);
        Kernels.Selection.Pick(cond, x, y, result.Storage.AsSpan(0, result.Numel));
        return OpRecorder.Record(result, Op.Where, [a, b], g =>
        {
            var gc = g.Contiguous().AsSpan();
            Tensor? ga = null, gb = null;
            if (a.RequiresGrad)
            {
                ga = Empty(shape);
                Kernels.Selection.Route(cond, true, gc, ga.Storage.AsSpan(0, ga.Numel));
                ga = ga.SumToShape(a._shape);
            }
            if (b.RequiresGrad)
            {
                gb = Empty(shape);
                Kernels.Selection.Route(cond, false, gc, gb.Storage.AsSpan(0, gb.Numel));
                gb = gb.SumToShape(b._shape);
            }
            return [ga, gb];
        });
    }

    /// <summary>Sets elements where <paramref name="mask"/> (broadcast to this shape) is true to <paramref name="value"/>.</summary>
    public Tensor MaskedFill(BoolTensor mask, float value)
    {
        var cond = mask.BroadcastTo(_shape);
        var src = Contiguous();
        var result = Empty(_shape);
        Kernels.Selection.Fill(cond, value, src.AsSpan(), result.Storage.AsSpan(0, Numel));
        var full = _shape;
        return OpRecorder.Record(result, Op.MaskedFill, src, g =>
        {
            var grad = Empty(full);
            Kernels.Selection.Route(cond, false, g.Contiguous().AsSpan(), grad.Storage.AsSpan(0, grad.Numel));
            return grad;
        });
    }
}
