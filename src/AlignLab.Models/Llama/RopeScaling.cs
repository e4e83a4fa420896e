using System.Text.Json;
using AlignLab.Core;

namespace AlignLab.Models.Llama;

/// <summary>
/// The <c>rope_scaling</c> entry of a Llama <c>config.json</c>: how the rotary frequencies are stretched for a context
/// longer than the one the model was first trained on. <c>linear</c> divides every frequency by the factor;
/// <c>llama3</c> (Llama 3.1 and later) keeps the high frequencies, divides the low ones by the factor and blends in
/// between by wavelength, as Meta's reference <c>apply_scaling</c> and Hugging Face's <c>rope_type: llama3</c> do.
/// </summary>
public sealed record RopeScaling(string Type, float Factor, float LowFreqFactor = 1f, float HighFreqFactor = 4f, int OriginalMaxPositions = 8192)
{
    public float[] InverseFrequencies(int headDim, float theta)
    {
        var f = F.RopeFrequencies(headDim, theta);
        for (int i = 0; i < f.Length; i++)
        {
            if (Type == "linear") { f[i] /= Factor; continue; }
            double wavelength = 2 * Math.PI / f[i];
            double lowWave = OriginalMaxPositions / LowFreqFactor, highWave = OriginalMaxPositions / HighFreqFactor;
            if (wavelength < highWave) continue;
            if (wavelength > lowWave) { f[i] /= Factor; continue; }
            double smooth = (OriginalMaxPositions / wavelength - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
            f[i] = (float)((1 - smooth) * f[i] / Factor + smooth * f[i]);
        }
        return f;
    }

    /// <summary>Reads the entry; types that change the model in other ways (dynamic, yarn, longrope) are refused by name.</summary>
    public static RopeScaling? FromJson(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: rope_scaling must be an object, got {e.GetRawText()}");
        string? type = e.TryGetProperty("rope_type", out var t) ? t.GetString() : e.TryGetProperty("type", out t) ? t.GetString() : null;
        float Number(string key, float? fallback)
        {
            if (e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number) return v.GetSingle();
            return fallback ?? throw new FormatException($"{path}: rope_scaling of type '{type}' needs a numeric '{key}'");
        }
        switch (type)
        {
            case "default": return null;
            case "linear": return new RopeScaling("linear", Number("factor", null));
            case "llama3":
                var s = new RopeScaling("llama3", Number("factor", null), Number("low_freq_factor", null), Number("high_freq_factor", null),
                    (int)Number("original_max_position_embeddings", null));
                if (!(s.Factor > 0) || !(s.HighFreqFactor > s.LowFreqFactor) || s.OriginalMaxPositions <= 0)
                    throw new FormatException($"{path}: rope_scaling {e.GetRawText()} needs factor > 0, high_freq_factor > low_freq_factor and original_max_position_embeddings > 0");
                return s;
            default:
                throw new NotSupportedException($"{path}: rope_scaling type '{type}' is not supported (linear and llama3 are)");
        }
    }

    public Dictionary<string, object> ToJson() => Type == "linear"
        ? new() { ["rope_type"] = "linear", ["factor"] = Factor }
        : new()
        {
            ["rope_type"] = "llama3", ["factor"] = Factor, ["low_freq_factor"] = LowFreqFactor,
            ["high_freq_factor"] = HighFreqFactor, ["original_max_position_embeddings"] = OriginalMaxPositions,
        };
}
