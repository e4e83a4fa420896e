using System.Text.Json;

namespace AlignLab.Models.Llama;

/// <summary>Llama-family hyper-parameters, named and read as in a Hugging Face <c>config.json</c> (<c>LlamaForCausalLM</c>).</summary>
public sealed record LlamaConfig
{
    public int VocabSize { get; init; } = 32000;
    public int HiddenSize { get; init; } = 4096;
    public int IntermediateSize { get; init; } = 11008;
    public int NumHiddenLayers { get; init; } = 32;
    public int NumAttentionHeads { get; init; } = 32;
    public int NumKeyValueHeads { get; init; } = 32;
    /// <summary>Per-head width; Hugging Face defaults it to hidden_size / num_attention_heads.</summary>
    public int HeadDim { get; init; } = 128;
    public float RmsNormEps { get; init; } = 1e-6f;
    public float RopeTheta { get; init; } = 10000f;
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Stretched rotary frequencies for long contexts (Llama 3.1+), or null for plain RoPE.</summary>
    public RopeScaling? RopeScaling { get; init; }

    /// <summary>The inverse rotary frequencies every attention layer uses.</summary>
    public float[] RopeFrequencies() => RopeScaling?.InverseFrequencies(HeadDim, RopeTheta) ?? AlignLab.Core.F.RopeFrequencies(HeadDim, RopeTheta);

    public void Validate()
    {
        if (HiddenSize <= 0 || IntermediateSize <= 0 || NumHiddenLayers <= 0 || VocabSize <= 0 || MaxPositionEmbeddings <= 0 || HeadDim <= 0)
            throw new ArgumentException("hidden_size, intermediate_size, num_hidden_layers, vocab_size, max_position_embeddings and head_dim must be positive");
        if (NumKeyValueHeads <= 0 || NumAttentionHeads % NumKeyValueHeads != 0)
            throw new ArgumentException($"num_attention_heads {NumAttentionHeads} is not a multiple of num_key_value_heads {NumKeyValueHeads}");
        if (HeadDim % 2 != 0) throw new ArgumentException($"head_dim {HeadDim} must be even for rotary embeddings");
    }

    public static LlamaConfig FromJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        int Int(string key, int fallback) => r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : fallback;
        float Float(string key, float fallback) => r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : fallback;
        bool True(string key) => r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;
        // Rescaled RoPE changes the model's function: an unknown kind is refused rather than silently ignored.
        var scaling = r.TryGetProperty("rope_scaling", out var rs) ? RopeScaling.FromJson(rs, path) : null;
        if (True("attention_bias") || True("mlp_bias"))
            throw new NotSupportedException($"{path}: attention_bias / mlp_bias are not supported");
        if (r.TryGetProperty("hidden_act", out var act) && act.GetString() is not ("silu" or "swish"))
            throw new NotSupportedException($"{path}: hidden_act '{act.GetString()}' is not supported (silu)");
        int hidden = Int("hidden_size", 4096), heads = Int("num_attention_heads", 32);
        var config = new LlamaConfig
        {
            VocabSize = Int("vocab_size", 32000),
            HiddenSize = hidden,
            IntermediateSize = Int("intermediate_size", 11008),
            NumHiddenLayers = Int("num_hidden_layers", 32),
            NumAttentionHeads = heads,
            NumKeyValueHeads = Int("num_key_value_heads", heads),
            HeadDim = Int("head_dim", heads > 0 ? hidden / heads : 0),
            RmsNormEps = Float("rms_norm_eps", 1e-6f),
            RopeTheta = Float("rope_theta", 10000f),
            MaxPositionEmbeddings = Int("max_position_embeddings", 2048),
            TieWordEmbeddings = True("tie_word_embeddings"),
            RopeScaling = scaling,
        };
        config.Validate();
        return config;
    }

    public Dictionary<string, object> ToJson()
    {
        var json = new Dictionary<string, object>
        {
        ["model_type"] = "llama", ["architectures"] = new[] { "LlamaForCausalLM" },
        ["vocab_size"] = VocabSize, ["hidden_size"] = HiddenSize, ["intermediate_size"] = IntermediateSize,
        ["num_hidden_layers"] = NumHiddenLayers, ["num_attention_heads"] = NumAttentionHeads,
        ["num_key_value_heads"] = NumKeyValueHeads, ["head_dim"] = HeadDim, ["rms_norm_eps"] = RmsNormEps,
        ["rope_theta"] = RopeTheta, ["max_position_embeddings"] = MaxPositionEmbeddings,
        ["tie_word_embeddings"] = TieWordEmbeddings, ["hidden_act"] = "silu", ["attention_bias"] = false,
        };
        if (RopeScaling != null) json["rope_scaling"] = RopeScaling.ToJson();
        return json;
    }
}
