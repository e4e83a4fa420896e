using System.Text.Json;
using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Models.Tests.Llama;

/// <summary>Llama 3 and linear RoPE scaling: frequencies, config round trip, and that the model actually uses them.</summary>
public class RopeScalingTests
{
    [Fact]
    public void Llama3FrequenciesMatchMetasApplyScaling()
    {
        // head_dim 16, θ 500000, factor 8, low 1, high 4, original context 64: wavelengths 6.3 (< 16: kept), 32.4
        // (between 16 and 64: blended) and ≥ 167 (> 64: divided by 8). Expected values from the reference formula in
        // PyTorch float32 (Meta's apply_scaling, which Hugging Face's rope_type "llama3" reproduces).
        var s = new RopeScaling("llama3", 8f, 1f, 4f, 64);
        float[] expected = [1.0f, 0.07940302f, 0.004700754f, 0.0009115831f, 0.00017677668f, 3.428102e-05f, 6.6478697e-06f, 1.2891732e-06f];
        var actual = s.InverseFrequencies(16, 500000f);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], expected[i] * 1e-5f);
    }

    [Fact]
    public void LinearScalingDividesEveryFrequency()
    {
        var plain = F.RopeFrequencies(8, 10000f);
        var scaled = new RopeScaling("linear", 4f).InverseFrequencies(8, 10000f);
        for (int i = 0; i < plain.Length; i++) Assert.Equal(plain[i] / 4f, scaled[i]);
    }

    [Fact]
    public void ConfigRoundTripsAndDefaultMeansNone()
    {
        var dir = Directory.CreateTempSubdirectory("alignlab-rope").FullName;
        var config = new LlamaConfig { HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 1, NumAttentionHeads = 2, NumKeyValueHeads = 1, HeadDim = 16,
            VocabSize = 50, RopeScaling = new RopeScaling("llama3", 32f, 1f, 4f, 8192) };
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config.ToJson()));
        Assert.Equal(config.RopeScaling, LlamaConfig.FromJson(path).RopeScaling);
        File.WriteAllText(path, """{"hidden_size": 32, "num_attention_heads": 2, "rope_scaling": {"rope_type": "default"}}""");
        Assert.Null(LlamaConfig.FromJson(path).RopeScaling);
    }

    [Fact]
    public void TheModelRotatesWithTheScaledFrequencies()
    {
        // With every wavelength below original/high the llama3 rule changes nothing; a linear factor does change logits.
        LlamaConfig Config(RopeScaling? s) => new() { HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 1, NumAttentionHeads = 2,
            NumKeyValueHeads = 1, HeadDim = 16, VocabSize = 50, MaxPositionEmbeddings = 16, RopeScaling = s };
        var ids = new IntTensor([3, 1, 4, 1, 5, 9], 1, 6);
        float[] Logits(RopeScaling? s) => new LlamaModel(Config(s), new Generator(2)).Logits(ids).ToArray();
        var plain = Logits(null);
        Assert.Equal(plain, Logits(new RopeScaling("llama3", 8f, 1f, 4f, 1 << 30)));
        Assert.NotEqual(plain, Logits(new RopeScaling("linear", 4f)));
    }
}
