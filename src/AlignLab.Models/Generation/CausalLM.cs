using AlignLab.Core;

namespace AlignLab.Models.Generation;

/// <summary>Input checks shared by every <see cref="ICausalLM"/> implementation.</summary>
public static class CausalLM
{
    /// <summary>Validates ids [B, T] against the cache and context length; returns the position of the first id.</summary>
    public static int CheckInput(IntTensor ids, KvCache? cache, int layers, int maxPositions)
    {
        if (ids.Rank != 2 || ids.Shape[1] == 0) throw new ArgumentException($"token ids must be [batch, time] with time > 0, got {ShapeUtil.Format(ids.Shape)}");
        if (cache != null && cache.LayerCount != layers)
            throw new ArgumentException($"KV cache has {cache.LayerCount} layers but the model has {layers}");
        int start = cache?.Length ?? 0;
        if (start + ids.Shape[1] > maxPositions)
            throw new ArgumentException($"sequence of {start + ids.Shape[1]} tokens exceeds the model's {maxPositions} positions");
        return start;
    }
}
