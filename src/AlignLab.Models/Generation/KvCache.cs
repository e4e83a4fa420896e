namespace AlignLab.Models.Generation;

/// <summary>Keys and values of every attention layer for a batch of sequences that are decoded together.</summary>
public sealed class KvCache
{
    private readonly LayerKvCache[] _layers;

    public KvCache(int layers)
    {
        if (layers <= 0) throw new ArgumentException($"a KV cache needs at least one layer, got {layers}");
        _layers = new LayerKvCache[layers];
        for (int i = 0; i < layers; i++) _layers[i] = new LayerKvCache();
    }

    public LayerKvCache this[int layer] => _layers[layer];
    public int LayerCount => _layers.Length;

    /// <summary>Positions already cached, i.e. the position of the next token.</summary>
    public int Length => _layers[0].Length;
}
