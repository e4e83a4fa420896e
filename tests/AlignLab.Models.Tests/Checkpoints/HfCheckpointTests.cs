using System.Text.Json;
using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Core.Tests;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Tests.Checkpoints;

public sealed class HfCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("alignlab-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, Tensor> Tensors(string dir) => SafeTensors.Load(TestPaths.Reference(Path.Combine(dir, "model.safetensors")));

    /// <summary>A directory with the reference config and the given tensors, either in one file or split over two shards.</summary>
    private string Write(string name, string sourceDir, Dictionary<string, Tensor> tensors, bool sharded = false, string? config = null)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), config ?? File.ReadAllText(TestPaths.Reference(Path.Combine(sourceDir, "config.json"))));
        if (!sharded)
        {
            SafeTensors.Save(Path.Combine(dir, "model.safetensors"), tensors);
            return dir;
        }
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>();
        for (int s = 0; s < 2; s++)
        {
            var file = $"model-0000{s + 1}-of-00002.safetensors";
            var part = names.Where((_, i) => i % 2 == s).ToDictionary(n => n, n => tensors[n]);
            SafeTensors.Save(Path.Combine(dir, file), part);
            foreach (var n in part.Keys) map[n] = file;
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = map }));
        return dir;
    }

    private static float[] Logits(ICausalLM model) => model.Logits(new IntTensor([1, 2, 3, 4, 5, 6], 2, 3)).ToArray();

    [Theory]
    [InlineData("gpt2_tiny")]
    [InlineData("llama_tiny")]
    public void LoadSaveLoadIsBitExact(string source)
    {
        var original = HfCheckpoint.Load(TestPaths.Reference(source));
        var first = Path.Combine(_root, "first");
        HfCheckpoint.Save(original, first);
        var reloaded = HfCheckpoint.Load(first);
        var second = Path.Combine(_root, "second");
        HfCheckpoint.Save(reloaded, second);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "model.safetensors")), File.ReadAllBytes(Path.Combine(second, "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "config.json")), File.ReadAllText(Path.Combine(second, "config.json")));
        var a = original.Module.StateDict();
        foreach (var (name, p) in reloaded.Module.StateDict()) Assert.Equal(a[name].ToArray(), p.ToArray());
        Assert.Equal(Logits(original), Logits(reloaded));
        Assert.Empty(Directory.GetFiles(first, "*.tmp"));
    }

    [Fact]
    public void ShardedLlamaWithoutPrefixAndWithRotaryBuffersLoads()
    {
        var tensors = Tensors("llama_tiny");
        var renamed = tensors.ToDictionary(kv => kv.Key.StartsWith("model.") ? kv.Key["model.".Length..] : kv.Key, kv => kv.Value);
        renamed["layers.0.self_attn.rotary_emb.inv_freq"] = Tensor.Ones(8);
        var dir = Write("sharded", "llama_tiny", renamed, sharded: true);
        Assert.Equal(Logits(HfCheckpoint.Load(TestPaths.Reference("llama_tiny"))), Logits(HfCheckpoint.Load(dir)));
    }

    [Fact]
    public void Gpt2WithTransformerPrefixExplicitHeadAndMaskBuffersLoads()
    {
        var tensors = Tensors("gpt2_tiny").ToDictionary(kv => "transformer." + kv.Key, kv => kv.Value);
        tensors["lm_head.weight"] = tensors["transformer.wte.weight"];
        tensors["transformer.h.0.attn.bias"] = Tensor.Ones(1, 1, 32, 32);
        tensors["transformer.h.1.attn.masked_bias"] = Tensor.Scalar(-1e4f);
        var dir = Write("prefixed", "gpt2_tiny", tensors);
        Assert.Equal(Logits(HfCheckpoint.Load(TestPaths.Reference("gpt2_tiny"))), Logits(HfCheckpoint.Load(dir)));
    }

    [Fact]
    public void MissingUnexpectedAndMisshapenTensorsAreNamed()
    {
        var tensors = Tensors("llama_tiny");
        var missing = new Dictionary<string, Tensor>(tensors);
        missing.Remove("model.layers.1.mlp.up_proj.weight");
        var e = Assert.Throws<InvalidDataException>(() => HfCheckpoint.Load(Write("missing", "llama_tiny", missing)));
        Assert.Contains("'model.layers.1.mlp.up_proj.weight' is missing", e.Message);

        var extra = new Dictionary<string, Tensor>(tensors) { ["model.layers.2.mlp.up_proj.weight"] = Tensor.Ones(2) };
        e = Assert.Throws<InvalidDataException>(() => HfCheckpoint.Load(Write("extra", "llama_tiny", extra)));
        Assert.Contains("'model.layers.2.mlp.up_proj.weight' is not a parameter", e.Message);

        var misshapen = new Dictionary<string, Tensor>(tensors) { ["model.layers.0.self_attn.k_proj.weight"] = Tensor.Ones(64, 64) };
        e = Assert.Throws<InvalidDataException>(() => HfCheckpoint.Load(Write("shape", "llama_tiny", misshapen)));
        Assert.Contains("'model.layers.0.self_attn.k_proj.weight' has shape [64, 64] but the model expects [32, 64]", e.Message);
    }

    [Fact]
    public void UnknownArchitectureIsNamed()
    {
        var dir = Write("unknown", "llama_tiny", Tensors("llama_tiny"), config: """{"model_type": "mamba", "hidden_size": 64}""");
        Assert.Contains("model_type 'mamba' is not supported", Assert.Throws<NotSupportedException>(() => HfCheckpoint.Load(dir)).Message);
        string Scaled(string scaling) => Write("scaled", "llama_tiny", Tensors("llama_tiny"),
            config: File.ReadAllText(TestPaths.Reference("llama_tiny/config.json")).Replace("\"rope_theta\"", $"\"rope_scaling\": {scaling}, \"rope_theta\""));
        Assert.Contains("rope_scaling type 'yarn' is not supported",
            Assert.Throws<NotSupportedException>(() => HfCheckpoint.Load(Scaled("{\"rope_type\": \"yarn\", \"factor\": 4}"))).Message);
        Assert.Contains("needs a numeric 'factor'",
            Assert.Throws<FormatException>(() => HfCheckpoint.Load(Scaled("{\"rope_type\": \"llama3\"}"))).Message);
    }
}
