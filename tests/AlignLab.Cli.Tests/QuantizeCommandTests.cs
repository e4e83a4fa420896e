using AlignLab.Core;
using AlignLab.Methods.Quantization;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;

namespace AlignLab.Cli.Tests;

/// <summary><c>quantize</c>, <c>roste train|eval</c>, and <c>generate</c>/<c>score</c> on the packed folders they write.</summary>
[Collection(CliCollection.Name)]
public class QuantizeCommandTests : TempDirectoryTest
{
    private (string Model, string Data) Setup()
    {
        string[] subjects = ["the cat", "a dog", "my friend", "the robot"], objects = ["the ball", "a book", "the old house", "some fruit"];
        var lines = new List<string>();
        var corpus = new List<string>();
        foreach (var s in subjects)
            foreach (var o in objects)
            {
                corpus.Add($"{s} sees {o}.\n");
                lines.Add(System.Text.Json.JsonSerializer.Serialize(new { prompt = $"{s} sees", completion = $" {o}." }));
            }
        var tokenizer = new ByteLevelBpeTokenizer(BpeTrainer.Train(corpus, new BpeTrainerOptions(300, SpecialTokens: [BpeVocabulary.EndOfText])));
        var config = new LlamaConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4,
            NumKeyValueHeads = 4, HeadDim = 8, MaxPositionEmbeddings = 32, RmsNormEps = 1e-5f, TieWordEmbeddings = true,
        };
        var model = Path.Combine(Dir, "float");
        ModelDirectory.Save(model, new LlamaModel(config, new Generator(3)), tokenizer);
        var data = Path.Combine(Dir, "pairs.jsonl");
        File.WriteAllLines(data, lines);
        return (model, data);
    }

    [Theory]
    [InlineData("rtn", "w4a4kv4")]
    [InlineData("gptq", "w4a8kv4")]
    [InlineData("quarot", "w4a4kv4")]
    public void QuantizeWritesAPackedFolderThatGenerateAndScoreRead(string method, string bits)
    {
        var (model, data) = Setup();
        var outDir = Path.Combine(Dir, method);
        var r = Cli.Run("quantize", "--model", model, "--method", method, "--bits", bits, "--data", data, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(bits, r.Json.GetProperty("bits").GetString());
        Assert.True(File.Exists(Path.Combine(outDir, QuantizedCheckpoint.ConfigFile)));
        var loaded = QuantizedCheckpoint.Load(outDir);
        Assert.NotNull(loaded.Packed);

        var g = Cli.Run("generate", "--model", outDir, "--ids", "5,9,2", "--max-new-tokens", "5", "--json");
        Assert.True(g.ExitCode == 0, g.Error);
        var expected = TextGenerator.Generate(loaded, [5, 9, 2], new GenerationOptions { MaxNewTokens = 5, StopIds = [ByteLevelBpeTokenizer.FromDirectory(outDir).EndOfTextId!.Value] });
        Assert.Equal(expected, g.Json.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));

        var s = Cli.Run("score", "--model", outDir, "--prompt", "the cat sees the ball.", "--json");
        Assert.True(s.ExitCode == 0, s.Error);
        Assert.All(s.Json.GetProperty("logprobs").EnumerateArray(), e => Assert.True(e.GetDouble() <= 0));
    }

    [Fact]
    public void RosteTrainThenEvalReportsTheFourFields()
    {
        var (model, data) = Setup();
        var outDir = Path.Combine(Dir, "roste");
        var t = Cli.Run("roste", "train", "--model", model, "--data", data, "--bits", "w4a4kv4", "--steps", "4", "--batch", "4", "--out", outDir);
        Assert.True(t.ExitCode == 0, t.Error);
        Assert.Equal(2, t.Json.GetProperty("rotations").GetArrayLength());

        var e = Cli.Run("roste", "eval", "--model", outDir, "--data", data, "--json");
        Assert.True(e.ExitCode == 0, e.Error);
        var loaded = QuantizedCheckpoint.Load(outDir);
        var examples = PromptCompletionTask.Load(data, ByteLevelBpeTokenizer.FromDirectory(outDir), 32);
        Assert.Equal(TaskEvaluation.TargetPerplexity(loaded, examples), e.Json.GetProperty("perplexity").GetDouble(), 6);
        double acc = e.Json.GetProperty("task_accuracy").GetDouble();
        Assert.InRange(acc, 0, 1);
        Assert.Equal("w4a4kv4", e.Json.GetProperty("bits").GetString());
        long packedBytes = e.Json.GetProperty("weight_bytes").GetInt64();

        var f = Cli.Run("roste", "eval", "--model", model, "--data", data, "--json");
        Assert.True(f.ExitCode == 0, f.Error);
        Assert.Equal("fp32", f.Json.GetProperty("bits").GetString());
        Assert.True(packedBytes < f.Json.GetProperty("weight_bytes").GetInt64());
    }

    [Theory]
    [InlineData("--method", "awq", "--method")]
    [InlineData("--bits", "w3a4kv4", "--bits")]
    [InlineData("--bits", "w4x4", "--bits")]
    public void BadFlagsAreOneUsageLine(string flag, string value, string named)
    {
        var (model, data) = Setup();
        var r = Cli.Run("quantize", "--model", model, flag, value, "--data", data, "--out", Path.Combine(Dir, "q"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(named, r.Error);
        Assert.DoesNotContain('\n', r.Error);
        Assert.False(Directory.Exists(Path.Combine(Dir, "q")));
    }

    [Fact]
    public void GptqWithoutCalibrationDataNamesDataFlag()
    {
        var (model, _) = Setup();
        var r = Cli.Run("quantize", "--model", model, "--method", "gptq", "--out", Path.Combine(Dir, "q"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--data", r.Error);
    }

    [Fact]
    public void CorruptPackedFolderIsOneErrorNamingTheFile()
    {
        var (model, _) = Setup();
        var outDir = Path.Combine(Dir, "q");
        Assert.Equal(0, Cli.Run("quantize", "--model", model, "--out", outDir).ExitCode);
        var weights = Path.Combine(outDir, "model.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..^3]);
        var r = Cli.Run("generate", "--model", outDir, "--ids", "1,2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(weights, r.Error);
        Assert.DoesNotContain('\n', r.Error);
    }

    [Fact]
    public void BadDataLineIsNamedByFileAndLine()
    {
        var (model, data) = Setup();
        File.AppendAllText(data, "{\"prompt\": \"x\"\n");
        var r = Cli.Run("roste", "train", "--model", model, "--data", data, "--steps", "1", "--out", Path.Combine(Dir, "r"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{data}:17", r.Error);
    }
}
