using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Hooks;

/// <summary>
/// Named read/write points on the attention heads of each layer: the input of the attention output projection, [B, T, H·hd]
/// with head h in columns h·hd … (h+1)·hd − 1 (what inference-time intervention edits). Named after the projection,
/// <c>h.3.attn.c_proj.input</c> for GPT-2, <c>model.layers.3.self_attn.o_proj.input</c> for Llama. A hook is a forward
/// pre-hook on the projection, so it runs on every pass, cached or not; with none registered nothing changes.
/// </summary>
public sealed class AttentionHeads
{
    private readonly string _prefix, _suffix;
    private readonly Func<int, Module> _projection;

    public AttentionHeads(string prefix, string suffix, int layers, int heads, int headDim, Func<int, Module> projection)
    {
        if (layers <= 0 || heads <= 0 || headDim <= 0) throw new ArgumentException($"attention heads need layers, heads and head size > 0, got {layers}, {heads}, {headDim}");
        (_prefix, _suffix, LayerCount, HeadCount, HeadDim, _projection) = (prefix, suffix, layers, heads, headDim, projection);
    }

    public int LayerCount { get; }
    public int HeadCount { get; }
    public int HeadDim { get; }
    /// <summary>Columns of a head point: H·hd.</summary>
    public int Width => HeadCount * HeadDim;

    public string Name(int layer)
    {
        if (layer < 0 || layer >= LayerCount) throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} is outside 0 … {LayerCount - 1}");
        return $"{_prefix}{layer}{_suffix}";
    }

    /// <summary>The layer of a head point name made by <see cref="Name"/>; false for any other name.</summary>
    public bool TryLayer(string name, out int layer)
    {
        layer = -1;
        if (!name.StartsWith(_prefix, StringComparison.Ordinal) || !name.EndsWith(_suffix, StringComparison.Ordinal)) return false;
        var digits = name.AsSpan(_prefix.Length, name.Length - _prefix.Length - _suffix.Length);
        return int.TryParse(digits, System.Globalization.NumberStyles.None, null, out layer) && layer < LayerCount;
    }

    /// <summary>Registers <paramref name="hook"/> on layer <paramref name="layer"/>'s head outputs [B, T, H·hd]; it may return a replacement.</summary>
    public IDisposable Add(int layer, Func<Tensor, Tensor?> hook)
    {
        Name(layer);
        return _projection(layer).RegisterForwardPreHook((_, x) =>
        {
            var replaced = hook(x);
            if (replaced != null && !replaced.Shape.SequenceEqual(x.Shape))
                throw new InvalidOperationException($"a hook at {Name(layer)} returned shape {ShapeUtil.Format(replaced.Shape)} for heads of shape {ShapeUtil.Format(x.Shape)}");
            return replaced;
        });
    }

    /// <summary>
    /// What adding <paramref name="shift"/> [H·hd] to every position of layer <paramref name="layer"/>'s head outputs adds to
    /// the residual stream: P(shift) − P(0) for the (affine) output projection P.
    /// </summary>
    public float[] ResidualShift(int layer, ReadOnlySpan<float> shift)
    {
        if (shift.Length != Width) throw new ArgumentException($"a head shift at {Name(layer)} needs {Width} values, got {shift.Length}");
        using var _ = GradMode.NoGrad();
        var input = new float[2 * Width];
        shift.CopyTo(input);
        var y = _projection(layer).Forward(Tensor.FromArray(input, 2, 1, Width)).Contiguous().AsSpan();
        int d = y.Length / 2;
        var delta = new float[d];
        for (int c = 0; c < d; c++) delta[c] = y[c] - y[d + c];
        return delta;
    }
}

/// <summary>A residual-stream model whose attention heads can also be read and edited (GPT-2 and Llama here).</summary>
public interface IAttentionHeadModel : IResidualStreamModel
{
    AttentionHeads Heads { get; }
}
