namespace AlignLab.Models.Generation;

/// <summary>Keys and values of every attention layer for a batch of sequences that are decoded together.</summary>
public sealed class KvCache
{
    private readonly LayerKvCache[] _layers;

    /// <param name="leftPadding">For a batch of prompts of different lengths left-padded to one length: how many
    /// padding tokens each row starts with. Those keys are masked out and each row's positions start after them.</param>
    public KvCache(int layers, int[]? leftPadding = null)
    {
        if (layers <= 0) throw new ArgumentException($"a KV cache needs at least one layer, got {layers}");
        if (leftPadding != null && leftPadding.Any(p => p < 0)) throw new ArgumentException("left padding lengths must be >= 0");
        var mask = leftPadding != null && leftPadding.Any(p => p > 0) ? new PaddingMask(leftPadding) : null;
        LeftPadding = mask?.LeftPadding;
        _layers = new LayerKvCache[layers];
        for (int i = 0; i < layers; i++) _layers[i] = new LayerKvCache(mask);
    }

    /// <summary>Padding tokens at the start of each row, or null when no row is padded.</summary>
    public int[]? LeftPadding { get; }

    public LayerKvCache this[int layer] => _layers[layer];
    public int LayerCount => _layers.Length;

    /// <summary>Positions already cached, i.e. the position of the next token.</summary>
    public int Length => _layers[0].Length;
}
