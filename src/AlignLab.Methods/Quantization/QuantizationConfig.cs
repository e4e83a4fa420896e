using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// <c>quantization.json</c> of a packed model: the scheme ("w4a4kv4"), the weight grid (symmetric, clip), the method
/// that chose the weights (rtn, gptq, quarot, roste) and each layer's online rotations ("none", "R2+R4", ...). R1 is fused
/// into the stored weights and needs no entry.
/// </summary>
public sealed record QuantizationConfig(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("bits")] string Bits,
    [property: JsonPropertyName("symmetric")] bool Symmetric,
    [property: JsonPropertyName("clip")] float Clip,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("rotations")] string[] Rotations)
{
    public const string FormatName = "alignlab-packed";
    public const int CurrentVersion = 1;

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static QuantizationConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        QuantizationConfig? config;
        try { config = JsonSerializer.Deserialize<QuantizationConfig>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a quantization config ({e.Message.Split(". ")[0]})"); }
        if (config is null || config.Format != FormatName) throw new InvalidDataException($"{path}: \"format\" must be \"{FormatName}\"");
        if (config.Version != CurrentVersion) throw new InvalidDataException($"{path}: version {config.Version} is not supported (expected {CurrentVersion})");
        if (config.Rotations is null) throw new InvalidDataException($"{path}: no \"rotations\" list");
        return config;
    }

    /// <summary>The scheme, which must quantize weights to 4 or 8 bits (what packed storage holds).</summary>
    public QuantScheme Scheme(string path)
    {
        QuantScheme scheme;
        try { scheme = QuantScheme.Parse(Bits ?? "", Clip, Symmetric); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new InvalidDataException($"{path}: \"bits\": {e.Message.Split(" (Parameter")[0]}"); }
        if (scheme.Weights is not { Bits: 4 or 8 }) throw new InvalidDataException($"{path}: \"bits\" '{Bits}' does not store 4- or 8-bit weights");
        return scheme;
    }
}
