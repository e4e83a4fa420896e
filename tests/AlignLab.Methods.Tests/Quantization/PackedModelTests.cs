using AlignLab.Core;
using AlignLab.Methods.Quantization;
using AlignLab.Models.Generation;

namespace AlignLab.Methods.Tests.Quantization;

/// <summary>
/// Real low-bit storage of a quantized model: the packed model computes what the fake-quantized one does (RTN and GPTQ
/// weights, with and without rotations), saves and loads to the same outputs, and a damaged or mismatched folder is
/// one error naming the file and the tensor.
/// </summary>
public sealed class PackedModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-packed").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static QuantLlama Model(string bits, bool rotate, int seed = 1)
    {
        var folded = NormFolding.Fold(TinyLlama.Create(seed));
        if (rotate) NormFolding.RotateResidual(folded, new RandomHadamard(32, new Generator(42)));
        var rotations = Enumerable.Repeat(rotate ? new LayerRotations(true, true, true) : LayerRotations.None, 2).ToArray();
        rotations[0] = rotate ? new LayerRotations(true, false, true) : rotations[0];
        return new QuantLlama(folded, QuantScheme.Parse(bits), rotations);
    }

    private static Tensor Logits(QuantLlama m, IntTensor ids)
    {
        using var _ = GradMode.NoGrad();
        return m.Logits(ids);
    }

    [Theory]
    [InlineData("w4a16kv16", false)]
    [InlineData("w4a16kv16", true)]
    [InlineData("w8a16kv16", true)]
    public void PackedWeightsComputeTheFakeQuantizedModel(string bits, bool rotate)
    {
        var model = Model(bits, rotate).Freeze();
        var ids = TinyLlama.Ids(3);
        var fake = Logits(model, ids);
        model.Pack();
        var packed = Logits(model, ids);
        Assert.True(TinyLlama.MaxAbsDiff(fake, packed) < 1e-4f * Math.Max(1f, TinyLlama.MaxAbs(fake)), $"max diff {TinyLlama.MaxAbsDiff(fake, packed)}");
    }

    [Fact]
    public void GptqWeightsAreStoredExactly()
    {
        var model = Model("w4a16kv16", rotate: true);
        PostTrainingQuantization.Gptq(model, [TinyLlama.Ids(5, batch: 4, time: 16)]);
        var frozen = model.Frozen!;
        model.Pack();
        for (int l = 0; l < 2; l++)
        {
            var f = frozen[l].Named().Select(n => n.Weight.ToArray()).ToArray();
            var p = model.Packed![l].All();
            for (int j = 0; j < f.Length; j++) Assert.Equal(f[j], p[j].Dequantize());
        }
    }

    [Fact]
    public void FullyQuantizedPackedModelGeneratesLikeTheFakeQuantizedOne()
    {
        var model = Model("w4a4kv4", rotate: true).Freeze();
        var prompt = new[] { 1, 5, 7, 2 };
        var options = new GenerationOptions { MaxNewTokens = 12, Temperature = 0f };
        var fake = TextGenerator.Generate(model, prompt, options, new Generator(1));
        model.Pack();
        Assert.Equal(fake, TextGenerator.Generate(model, prompt, options, new Generator(1)));
    }

    [Theory]
    [InlineData("w4a4kv4")]
    [InlineData("w4a8kv4")]
    [InlineData("w8a8kv8")]
    public void SavedFolderLoadsToTheSameOutputs(string bits)
    {
        var model = Model(bits, rotate: true).Freeze().Pack();
        var ids = TinyLlama.Ids(4);
        var before = Logits(model, ids);
        var dir = Path.Combine(_dir, bits);
        QuantizedCheckpoint.Save(model, dir, "rtn");
        Assert.True(QuantizedCheckpoint.IsQuantized(dir));
        var loaded = QuantizedCheckpoint.Load(dir);
        Assert.Equal(model.Rotations, loaded.Rotations);
        Assert.Equal(model.Scheme, loaded.Scheme);
        Assert.Equal(before.ToArray(), Logits(loaded, ids).ToArray());
        // The float weights of the loaded model are the dequantized ones with R2/R4 taken out: rotated again (not
        // re-quantized, since a clipped grid is not idempotent) they give the same function.
        loaded.Packed = null;
        using (GradMode.NoGrad()) loaded.Frozen = Enumerable.Range(0, loaded.LayerCount).Select(loaded.RotatedWeights).ToArray();
        Assert.True(TinyLlama.MaxAbsDiff(before, Logits(loaded, ids)) < 1e-3f, $"max diff {TinyLlama.MaxAbsDiff(before, Logits(loaded, ids))}");
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_dir), e => Path.GetFileName(e).StartsWith('.')); // no temporary folder left behind
    }

    [Fact]
    public void FourBitLinearsUseAtMostOneSixthOfFloat32()
    {
        // Per-row scale and zero cost 8 bytes a row, so the ratio holds from rows of about 48 columns (here 128 and 256).
        var config = TinyLlama.Config() with { HiddenSize = 128, IntermediateSize = 256, HeadDim = 32 };
        var model = new QuantLlama(NormFolding.Fold(new AlignLab.Models.Llama.LlamaModel(config, new Generator(1))), QuantScheme.Parse("w4a4kv4")).Freeze().Pack();
        long packed = model.Packed!.Sum(p => p.Bytes);
        long floats = 4L * model.Packed!.Sum(p => p.All().Sum(m => (long)m.Rows * m.Cols));
        Assert.True(packed * 6 <= floats, $"{packed} packed bytes vs {floats} float bytes");
    }

    private string Saved()
    {
        var dir = Path.Combine(_dir, "m");
        QuantizedCheckpoint.Save(Model("w4a4kv4", rotate: false).Freeze(), dir, "rtn");
        return dir;
    }

    [Fact]
    public void TruncatedWeightsAreOneErrorNamingTheFile()
    {
        var dir = Saved();
        var path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var e = Assert.Throws<InvalidDataException>(() => QuantizedCheckpoint.Load(dir));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void ConfigOfAnotherShapeIsOneErrorNamingTheTensor()
    {
        var dir = Saved();
        var cfg = Path.Combine(dir, "config.json");
        File.WriteAllText(cfg, File.ReadAllText(cfg).Replace("\"intermediate_size\": 64", "\"intermediate_size\": 128"));
        var e = Assert.Throws<InvalidDataException>(() => QuantizedCheckpoint.Load(dir));
        Assert.Contains("model.layers.0.mlp.gate_proj.qweight", e.Message);
        Assert.Contains("shape", e.Message);
    }

    [Theory]
    [InlineData("\"bits\": \"w4a4kv4\"", "\"bits\": \"w3a4kv4\"", "4- or 8-bit")]
    [InlineData("\"bits\": \"w4a4kv4\"", "\"bits\": \"w8a4kv4\"", "qweight")]
    [InlineData("\"none\"", "\"R5\"", "rotations[0]")]
    [InlineData("\"version\": 1", "\"version\": 9", "version 9")]
    public void MismatchedQuantizationConfigIsOneErrorNamingIt(string from, string to, string expected)
    {
        var dir = Saved();
        var q = Path.Combine(dir, QuantizedCheckpoint.ConfigFile);
        var text = File.ReadAllText(q);
        Assert.Contains(from, text);
        File.WriteAllText(q, ReplaceFirst(text, from, to));
        var e = Assert.Throws<InvalidDataException>(() => QuantizedCheckpoint.Load(dir));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static string ReplaceFirst(string s, string from, string to)
    {
        int i = s.IndexOf(from, StringComparison.Ordinal);
        return s[..i] + to + s[(i + from.Length)..];
    }
}
