namespace AlignLab.Core;

/// <summary>A dense row-major tensor of integer indices (token ids, targets, gather indices). No gradient.</summary>
public sealed class IntTensor
{
    public int[] Data { get; }
    private readonly int[] _shape;
    public ReadOnlySpan<int> Shape => _shape;
    public int Rank => _shape.Length;
    public int Numel => Data.Length;

    public IntTensor(int[] data, params int[] shape)
    {
        if (data.Length != ShapeUtil.Numel(shape))
            throw new ArgumentException($"{data.Length} indices do not match shape {ShapeUtil.Format(shape)}");
        Data = data;
        _shape = (int[])shape.Clone();
    }

    public int this[int i] => Data[i];
    public IntTensor Reshape(params int[] shape) => new(Data, shape);
    public override string ToString() => $"IntTensor{ShapeUtil.Format(_shape)}";
}

/// <summary>A dense row-major boolean mask.</summary>
public sealed class BoolTensor
{
    public bool[] Data { get; }
    private readonly int[] _shape;
    public ReadOnlySpan<int> Shape => _shape;

    public BoolTensor(bool[] data, params int[] shape)
    {
        if (data.Length != ShapeUtil.Numel(shape))
            throw new ArgumentException($"{data.Length} mask values do not match shape {ShapeUtil.Format(shape)}");
        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The mask's values laid out in <paramref name="shape"/> (row-major).</summary>
    internal bool[] BroadcastTo(int[] shape)
    {
        if (ShapeUtil.SameShape(_shape, shape)) return Data;
        var strides = ShapeUtil.BroadcastStrides(_shape, ShapeUtil.ContiguousStrides(_shape), shape);
        var result = new bool[ShapeUtil.Numel(shape)];
        for (int i = 0; i < result.Length; i++)
        {
            int rem = i, pos = 0;
            for (int ax = shape.Length - 1; ax >= 0; ax--) { pos += rem % shape[ax] * strides[ax]; rem /= shape[ax]; }
            result[i] = Data[pos];
        }
        return result;
    }
}
