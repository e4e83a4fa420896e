using AlignLab.Methods.Steering;
using AlignLab.Server.Tests;

namespace AlignLab.Cli.Tests;

/// <summary><c>steer generate</c>: vectors from a file change generation by α, and α = 0 is plain <c>generate</c>.</summary>
[Collection(CliCollection.Name)]
public class SteerCommandTests : TempDirectoryTest
{
    private string Vectors(string point, int dim)
    {
        var v = new float[1, dim];
        for (int c = 0; c < dim; c++) v[0, c] = c % 2 == 0 ? 3f : -3f;
        var path = Path.Combine(Dir, "vec.safetensors");
        new SteeringVectors(new Dictionary<string, float[,]> { [point] = v }, InjectionMode.Every, 0).Save(path);
        return path;
    }

    private static Cli.Result Generate(params string[] extra) =>
        Cli.Run(["generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "8", "--json", .. extra]);

    [Fact]
    public void AlphaZeroIsPlainGenerationAndAStrongVectorChangesIt()
    {
        string vectors = Vectors("h.1", 32);
        var plain = Generate();
        var zero = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "8", "--json", "--vectors", vectors, "--alpha", "0");
        var strong = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "8", "--json", "--vectors", vectors, "--alpha", "50");
        Assert.Equal(0, zero.ExitCode);
        Assert.Equal(plain.Out, zero.Out);
        Assert.Equal(0, strong.ExitCode);
        Assert.NotEqual(plain.Json.GetProperty("ids").ToString(), strong.Json.GetProperty("ids").ToString());
    }

    [Fact]
    public void AVectorForAPointTheModelLacksIsOneLine()
    {
        var r = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3", "--vectors", Vectors("h.7", 32));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("alignlab: 'h.7' is not a residual-stream point of this model (expected h.0 … h.1)", r.Error);
    }
}

/// <summary><c>steer build</c> and <c>steer eval</c> on the tiny model with the built-in corpus or user-supplied classes.</summary>
[Collection(CliCollection.Name)]
public class SteerBuildAndEvalTests : TempDirectoryTest
{
    private static readonly string[] Small = ["--pool-per-class", "6", "--layer", "1"];
    private static readonly string[] SmallEval = [.. Small, "--history-size", "10", "--prompts", "2", "--samples", "2", "--max-new-tokens", "4", "--json"];

    private string File(string name, params string[] lines)
    {
        var path = Path.Combine(Dir, name);
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    private string History() => File("history.jsonl",
        "{\"text\": \"Ada Lovelace sailed the salty boat near the harbour and the tide.\", \"id\": 1}",
        "",
        "{\"text\": \"Then the boat near the island felt lovely and the net was wet.\"}",
        "{\"text\": \"Grace Hopper baked the hot bread in the oven with a spoon.\"}");

    [Fact]
    public void BuildWritesNamedVectorsThatGenerateLoads()
    {
        string outPath = Path.Combine(Dir, "vec.safetensors");
        var r = Cli.Run(["steer", "build", "--model", TinyModel.Directory, "--history", History(), "--threshold", "0.5", "--out", outPath, "--json", .. Small]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("confst", r.Json.GetProperty("method").GetString());
        Assert.Equal(3, r.Json.GetProperty("history").GetInt32());
        var vectors = SteeringVectors.Load(outPath);
        Assert.Equal(["h.1"], vectors.Vectors.Keys.ToArray());
        Assert.Equal("confst", vectors.Metadata["method"]);
        Assert.Equal(r.Json.GetProperty("preferred").GetString(), vectors.Metadata["topic"]);
        var g = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "4", "--json", "--vectors", outPath, "--alpha", "0.5");
        Assert.Equal(0, g.ExitCode);
        Assert.Equal(4, g.Json.GetProperty("ids").GetArrayLength());
    }

    [Fact]
    public void BuildFromUserClassesPrefersTheClassTheHistoryIsAbout()
    {
        var lines = new List<string>();
        string[] sea = ["the boat sailed on the sea", "waves and a boat at sea", "the sailor and the sea boat", "a boat near the sea shore", "sea water and a boat", "boat boat sea sea"];
        string[] cook = ["the cook baked bread in the oven", "bread and soup in the oven", "the oven and the bread cook", "a cook with bread and soup", "soup bread oven cook", "oven oven bread bread"];
        foreach (var t in sea) lines.Add($"{{\"text\": \"{t} today.\", \"label\": \"sea\"}}");
        foreach (var t in cook) lines.Add($"{{\"text\": \"{t} today.\", \"label\": \"cook\"}}");
        string classes = File("classes.jsonl", [.. lines]);
        string history = File("h.jsonl", "{\"text\": \"the boat and the sea today and the sea.\"}", "{\"text\": \"a boat sailed the sea today at sea.\"}");
        var r = Cli.Run("steer", "build", "--model", TinyModel.Directory, "--history", history, "--classes", classes, "--span", "whole", "--method", "mean",
            "--out", Path.Combine(Dir, "v.safetensors"), "--layer", "all", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, r.Json.GetProperty("points").GetArrayLength());
        Assert.Equal(2, r.Json.GetProperty("kept").GetInt32());
    }

    [Theory]
    [InlineData("{\"text\": \"Ada Lovelace sailed the boat near the harbour.\"}\n{\"txt\": \"x\"}", "h.jsonl:2: field \"text\" is missing")]
    [InlineData("{\"text\": \"Ada Lovelace sailed the boat near the harbour.\"}\n[1, 2]", "h.jsonl:2: expected a JSON object, got an array")]
    [InlineData("{\"text\": \"Ada Lovelace sailed the boat near the harbour.\"}\n{\"text\": \"Hi\"}", "h.jsonl:2: the text has")]
    public void ABadHistoryLineIsOneLineWithFileAndLine(string content, string expected)
    {
        string history = File("h.jsonl", content.Split('\n'));
        string outPath = Path.Combine(Dir, "vec.safetensors");
        var r = Cli.Run(["steer", "build", "--model", TinyModel.Directory, "--history", history, "--out", outPath, .. Small]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"alignlab: {history[..^"h.jsonl".Length]}{expected}", r.Error);
        Assert.DoesNotContain('\n', r.Error);
        Assert.False(System.IO.File.Exists(outPath));
    }

    [Theory]
    [InlineData("confst")]
    [InlineData("mean")]
    [InlineData("actadd")]
    [InlineData("caa")]
    [InlineData("iti")]
    public void EvalPrintsSuccessPerplexityAndJointSuccess(string method)
    {
        var r = Cli.Run(["steer", "eval", "--model", TinyModel.Directory, "--method", method, "--noise", "0.5", "--seed", "3", "--top-heads", "2", .. SmallEval]);
        Assert.Equal(0, r.ExitCode);
        double success = r.Json.GetProperty("success").GetDouble(), joint = r.Json.GetProperty("joint_success").GetDouble();
        Assert.InRange(success, 0, 1);
        Assert.InRange(joint, 0, success);
        Assert.True(r.Json.GetProperty("perplexity").GetDouble() > 1);
        Assert.Equal(4, r.Json.GetProperty("continuations").GetInt32());
        Assert.Equal(StyleCorpus.TopicNames[3], r.Json.GetProperty("target").GetString());
        // Same seed, same run: the result is deterministic.
        Assert.Equal(r.Out, Cli.Run(["steer", "eval", "--model", TinyModel.Directory, "--method", method, "--noise", "0.5", "--seed", "3", "--top-heads", "2", .. SmallEval]).Out);
    }

    [Fact]
    public void EvalOnUserClassesHasNoJointSuccess()
    {
        var lines = new List<string>();
        for (int i = 0; i < 6; i++) lines.Add($"{{\"text\": \"the boat sailed on the sea number {i}.\", \"label\": \"sea\"}}");
        for (int i = 0; i < 6; i++) lines.Add($"{{\"text\": \"the cook baked bread in the oven {i}.\", \"label\": \"cook\"}}");
        var r = Cli.Run(["steer", "eval", "--model", TinyModel.Directory, "--classes", File("c.jsonl", [.. lines]), "--target", "cook", "--span", "whole", .. SmallEval]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("cook", r.Json.GetProperty("target").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.Json.GetProperty("joint_success").ValueKind);
    }

    [Theory]
    [InlineData(new[] { "--noise", "1.5" }, "alignlab: --noise must be in [0, 1], got 1.5")]
    [InlineData(new[] { "--method", "pca" }, "alignlab: --method: steering method 'pca' is not one of confst, mean, actadd, caa, iti")]
    [InlineData(new[] { "--layer", "7" }, "alignlab: --layer: '7' is not a block index of this model (0 … 1), a list of them, or 'all'")]
    [InlineData(new[] { "--target", "space" }, "alignlab: --target: 'space' is not a class of this corpus (classes: sea, farm, kitchen, music, sky)")]
    [InlineData(new[] { "--threshold", "2" }, "alignlab: --threshold: threshold must be in [0, 1], got 2")]
    public void EvalUsageErrorsAreOneLineAndExitTwo(string[] bad, string expected)
    {
        // The flag under test replaces its small-run value (an option given twice is a different error).
        var args = new List<string>(SmallEval);
        int at = args.IndexOf(bad[0]);
        if (at >= 0) args.RemoveRange(at, 2);
        var r = Cli.Run(["steer", "eval", "--model", TinyModel.Directory, .. args, .. bad]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(expected, r.Error);
    }
}
