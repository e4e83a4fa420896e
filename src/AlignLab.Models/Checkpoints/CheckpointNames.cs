namespace AlignLab.Models.Checkpoints;

/// <summary>
/// Maps the tensor names found in Hugging Face files onto a model's own parameter names: checkpoints saved from the
/// base model lack the <c>transformer.</c>/<c>model.</c> prefix that ones saved from the LM-head class carry, and some
/// files hold buffers that are not parameters.
/// </summary>
public static class CheckpointNames
{
    private static readonly string[] Prefixes = ["transformer.", "model."];

    // GPT-2's causal-mask buffers and old Llama exports' rotary frequencies: derived from the config, never learned.
    private static readonly string[] BufferSuffixes = [".attn.bias", ".attn.masked_bias", ".rotary_emb.inv_freq"];

    public static bool IsBuffer(string name)
    {
        foreach (var suffix in BufferSuffixes)
            if (name.EndsWith(suffix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The name without a leading <c>transformer.</c> or <c>model.</c>.</summary>
    public static string StripPrefix(string name)
    {
        foreach (var prefix in Prefixes)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return name[prefix.Length..];
        return name;
    }

    /// <summary>Own parameter names keyed by their prefix-free form, so either spelling in a file finds its parameter.</summary>
    public static Dictionary<string, string> ByStrippedName(IEnumerable<string> ownNames)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ownNames)
            if (!map.TryAdd(StripPrefix(name), name))
                throw new InvalidOperationException($"parameters '{map[StripPrefix(name)]}' and '{name}' differ only by prefix");
        return map;
    }
}
