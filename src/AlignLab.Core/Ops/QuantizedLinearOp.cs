namespace AlignLab.Core;

/// <summary>The linear layer of low-bit inference: x·Wᵀ with W stored as packed codes (no gradient; it is not trained).</summary>
public sealed partial class Tensor
{
    /// <summary>[..., cols] · Wᵀ → [..., rows] for a packed [rows × cols] weight.</summary>
    public Tensor QuantizedLinear(QuantizedMatrix weight)
    {
        if (Rank == 0 || _shape[^1] != weight.Cols)
            throw new ArgumentException($"QuantizedLinear: input {ShapeUtil.Format(_shape)} does not end in the weight's {weight.Cols} columns");
        if (RequiresGrad && GradMode.IsEnabled)
            throw new InvalidOperationException("QuantizedLinear has no backward: packed weights are for inference (run it under GradMode.NoGrad)");
        var x = Contiguous();
        int m = Numel / weight.Cols;
        var shape = _shape.ToArray();
        shape[^1] = weight.Rows;
        var result = Empty(shape);
        weight.Multiply(x.Storage.AsSpan(x.Offset, Numel), m, result.Storage.AsSpan(0, m * weight.Rows));
        return result;
    }
}
