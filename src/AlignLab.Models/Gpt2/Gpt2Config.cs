using System.Text.Json;

namespace AlignLab.Models.Gpt2;

/// <summary>GPT-2 hyper-parameters, named and read as in a Hugging Face <c>config.json</c>.</summary>
public sealed record Gpt2Config
{
    public int VocabSize { get; init; } = 50257;
    public int NPositions { get; init; } = 1024;
    public int NEmbd { get; init; } = 768;
    public int NLayer { get; init; } = 12;
    public int NHead { get; init; } = 12;
    public float LayerNormEpsilon { get; init; } = 1e-5f;
    /// <summary>"gelu_new" (tanh approximation, GPT-2's) or "gelu" (exact).</summary>
    public string ActivationFunction { get; init; } = "gelu_new";

    public int HeadDim => NEmbd / NHead;

    public void Validate()
    {
        if (NEmbd % NHead != 0) throw new ArgumentException($"n_embd {NEmbd} is not divisible by n_head {NHead}");
        if (ActivationFunction is not ("gelu_new" or "gelu" or "gelu_pytorch_tanh"))
            throw new NotSupportedException($"activation_function '{ActivationFunction}' is not supported (gelu_new, gelu_pytorch_tanh, gelu)");
        if (VocabSize <= 0 || NPositions <= 0 || NLayer <= 0) throw new ArgumentException("vocab_size, n_positions and n_layer must be positive");
    }

    public static Gpt2Config FromJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        int Int(string key, int fallback) => r.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;
        var config = new Gpt2Config
        {
            VocabSize = Int("vocab_size", 50257),
            NPositions = Int("n_positions", Int("n_ctx", 1024)),
            NEmbd = Int("n_embd", 768),
            NLayer = Int("n_layer", 12),
            NHead = Int("n_head", 12),
            LayerNormEpsilon = r.TryGetProperty("layer_norm_epsilon", out var eps) ? eps.GetSingle() : 1e-5f,
            ActivationFunction = r.TryGetProperty("activation_function", out var act) ? act.GetString()! : "gelu_new",
        };
        config.Validate();
        return config;
    }

    public Dictionary<string, object> ToJson() => new()
    {
        ["model_type"] = "gpt2", ["architectures"] = new[] { "GPT2LMHeadModel" },
        ["vocab_size"] = VocabSize, ["n_positions"] = NPositions, ["n_ctx"] = NPositions, ["n_embd"] = NEmbd,
        ["n_layer"] = NLayer, ["n_head"] = NHead, ["layer_norm_epsilon"] = LayerNormEpsilon,
        ["activation_function"] = ActivationFunction, ["resid_pdrop"] = 0.0, ["embd_pdrop"] = 0.0, ["attn_pdrop"] = 0.0,
    };
}
