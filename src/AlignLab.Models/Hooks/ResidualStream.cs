using AlignLab.Core;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Hooks;

/// <summary>
/// Named read/write points on a model's residual stream: point i is the output of block i (Hugging Face's
/// <c>hidden_states[i + 1]</c>), named by the block's parameter prefix (<c>h.3</c> for GPT-2, <c>model.layers.3</c> for
/// Llama). Hooks see every forward pass, cached or not, together with the absolute positions of the tensor's columns,
/// so a position-dependent edit gives the same result whether a sequence is computed at once or token by token.
/// With no hooks registered the model does no extra work.
/// </summary>
public sealed class ResidualStream
{
    private readonly string _prefix;
    private readonly List<(int Layer, ResidualHook Hook)> _hooks = new();

    public ResidualStream(string prefix, int layers)
    {
        if (layers <= 0) throw new ArgumentException($"a residual stream needs at least one layer, got {layers}");
        (_prefix, LayerCount) = (prefix, layers);
    }

    public int LayerCount { get; }
    public bool IsEmpty => _hooks.Count == 0;

    /// <summary>The name of point <paramref name="layer"/> (the output of that block).</summary>
    public string Name(int layer)
    {
        CheckLayer(layer);
        return $"{_prefix}{layer}";
    }

    /// <summary>The layer of a point name made by <see cref="Name"/>, e.g. "h.3" → 3.</summary>
    public int Layer(string name)
    {
        if (name.StartsWith(_prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(_prefix.Length), out int layer) && layer >= 0 && layer < LayerCount)
            return layer;
        throw new ArgumentException($"'{name}' is not a residual-stream point of this model (expected {_prefix}0 … {_prefix}{LayerCount - 1})");
    }

    /// <summary>Registers <paramref name="hook"/> at point <paramref name="layer"/>; disposing the handle removes it.</summary>
    public IDisposable Add(int layer, ResidualHook hook)
    {
        CheckLayer(layer);
        var entry = (layer, hook);
        _hooks.Add(entry);
        return new Handle(() => _hooks.Remove(entry));
    }

    /// <summary>Called by the model after block <paramref name="layer"/>; hooks run in registration order.</summary>
    public Tensor Apply(int layer, Tensor residual, int start, KvCache? cache)
    {
        if (_hooks.Count == 0) return residual;
        var site = new ResidualSite(layer, $"{_prefix}{layer}", start, cache?.LeftPadding);
        foreach (var (at, hook) in _hooks.ToArray())
            if (at == layer)
            {
                var replaced = hook(site, residual);
                if (replaced != null)
                {
                    if (!replaced.Shape.SequenceEqual(residual.Shape))
                        throw new InvalidOperationException($"a hook at {site.Name} returned shape {ShapeUtil.Format(replaced.Shape)} for a residual of shape {ShapeUtil.Format(residual.Shape)}");
                    residual = replaced;
                }
            }
        return residual;
    }

    private void CheckLayer(int layer)
    {
        if (layer < 0 || layer >= LayerCount) throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} is outside 0 … {LayerCount - 1}");
    }

    private sealed class Handle(Action remove) : IDisposable
    {
        private Action? _remove = remove;
        public void Dispose() { _remove?.Invoke(); _remove = null; }
    }
}

/// <summary>A causal LM whose residual stream can be read and edited at named points (GPT-2 and Llama here).</summary>
public interface IResidualStreamModel : ICausalLM
{
    ResidualStream Residual { get; }
}
