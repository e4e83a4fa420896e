using System.Text.RegularExpressions;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// What a quantized model quantizes: weights per output channel (<see cref="Weights"/>), linear-layer inputs per token
/// (<see cref="Activations"/>), and keys and values per (token, head) after RoPE (<see cref="KvCache"/>). A null part stays
/// in float. Embeddings, queries, attention probabilities and the output head are never quantized.
/// </summary>
public sealed partial record QuantScheme(QuantSpec? Weights, QuantSpec? Activations, QuantSpec? KvCache)
{
    /// <summary>"w4a4kv4", "w4a8kv4", "w4a16kv16" (16 = float), with one clip and grid for all three.</summary>
    public static QuantScheme Parse(string text, float clip = 0.95f, bool symmetric = false)
    {
        var m = Pattern().Match(text.Trim().ToLowerInvariant());
        if (!m.Success) throw new FormatException($"bits '{text}' is not of the form w<bits>a<bits>kv<bits> (e.g. w4a4kv4)");
        QuantSpec? Part(string group, string name)
        {
            int bits = int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (bits == 16 || bits == 32) return null;
            var spec = new QuantSpec(bits, symmetric, clip);
            spec.Validate(name);
            return spec;
        }
        return new QuantScheme(Part("w", "weight bits"), Part("a", "activation bits"), Part("kv", "kv bits"));
    }

    public override string ToString() => $"W{Bits(Weights)}A{Bits(Activations)}KV{Bits(KvCache)}";

    private static int Bits(QuantSpec? s) => s?.Bits ?? 16;

    [GeneratedRegex(@"^w(?<w>\d+)a(?<a>\d+)kv(?<kv>\d+)$")]
    private static partial Regex Pattern();
}
