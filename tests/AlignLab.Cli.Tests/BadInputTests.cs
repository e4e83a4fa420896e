using AlignLab.Core.Tests;

namespace AlignLab.Cli.Tests;

/// <summary>
/// Bad input gets one line on stderr that names the culprit and a non-zero exit code; nothing is printed on stdout
/// and no stack trace reaches the user.
/// </summary>
[Collection(CliCollection.Name)]
public class BadInputTests : TempDirectoryTest
{
    private static void AssertOneLineError(Cli.Result r, params string[] mentions)
    {
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.DoesNotContain("   at ", r.Error); // no stack trace
        foreach (var m in mentions) Assert.Contains(m, r.Error);
    }

    [Fact]
    public void AnUnknownFlagIsNamedOnOneLineWithoutTheHelpText()
    {
        var r = Cli.Run("score", "--model", TestPaths.Reference("gpt2_tiny"), "--ids", "1,2", "--bogus");
        AssertOneLineError(r, "'--bogus'", "see 'alignlab score --help'");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Error.Split('\n'));
    }

    [Fact]
    public void AValueOfTheWrongTypeIsNamed() =>
        AssertOneLineError(Cli.Run("generate", "--model", TestPaths.Reference("gpt2_tiny"), "--ids", "1", "--max-new-tokens", "many"), "'many'", "--max-new-tokens");

    [Fact]
    public void AWrongTypeSpeaksOfValuesNotDotNetTypes()
    {
        var r = Cli.Run("generate", "--model", TestPaths.Reference("gpt2_tiny"), "--ids", "1", "--max-new-tokens", "many");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("as an integer", r.Error);
        Assert.DoesNotContain("System.", r.Error);
    }

    [Fact]
    public void AnUnknownCommandIsNamedAlone()
    {
        var r = Cli.Run("frobnicate");
        AssertOneLineError(r, "'frobnicate'");
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("more)", r.Error);
    }

    [Fact]
    public void FlagsThatExcludeEachOtherAreAUsageError()
    {
        AssertUsage(Cli.Run("reproduce", "--quick", "--full"), "--quick and --full");
        AssertUsage(Cli.Run("generate", "--model", TestPaths.Reference("gpt2_tiny"), "--ids", "1", "--prompt", "hi"), "--prompt", "--ids");
    }

    [Fact]
    public void ALibrarySettingOutOfRangeIsReportedAsItsFlag()
    {
        // The runner names its field ("seed"); the user typed --seed, without .NET's "(Parameter 'seed')" suffix.
        var r = Cli.Run("reproduce", "--only", "*", "--seed", "-1", "--out", Path.Combine(Dir, "reports"));
        AssertUsage(r, "--seed");
        Assert.DoesNotContain("(Parameter", r.Error);
    }

    private static void AssertUsage(Cli.Result r, params string[] mentions)
    {
        AssertOneLineError(r, mentions);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Error.Split('\n'));
    }

    [Fact]
    public void AMissingModelFolderIsNamed()
    {
        var missing = Path.Combine(Dir, "no-such-model");
        var r = Cli.Run("score", "--model", missing, "--ids", "1,2", "--json");
        AssertOneLineError(r, missing);
        Assert.Single(r.Error.Split('\n'));
    }

    [Fact]
    public void AMalformedIdIsNamed()
    {
        var r = Cli.Run("score", "--model", TestPaths.Reference("gpt2_tiny"), "--ids", "1,x,3", "--json");
        AssertUsage(r, "--ids", "'x'");
    }

    [Fact]
    public void ATruncatedCheckpointIsNamedAndLeftAsItWas()
    {
        var model = Path.Combine(Dir, "truncated");
        Directory.CreateDirectory(model);
        File.Copy(TestPaths.Reference("gpt2_tiny/config.json"), Path.Combine(model, "config.json"));
        var weights = File.ReadAllBytes(TestPaths.Reference("gpt2_tiny/model.safetensors"));
        var cut = weights[..(weights.Length / 2)];
        File.WriteAllBytes(Path.Combine(model, "model.safetensors"), cut);
        var r = Cli.Run("generate", "--model", model, "--ids", "1,2", "--max-new-tokens", "2", "--json");
        AssertOneLineError(r, "model.safetensors");
        Assert.Equal(cut, File.ReadAllBytes(Path.Combine(model, "model.safetensors")));
    }

    [Fact]
    public void AMalformedJsonlLineIsNamedByFileAndLine()
    {
        var data = Path.Combine(Dir, "sft.jsonl");
        File.WriteAllLines(data, ["""{"prompt": "a", "completion": "b"}""", """{"prompt": "c", "completion": """, """{"prompt": "d", "completion": "e"}"""]);
        var r = Cli.Run("train", "--model-config", "gpt2", "--data", data, "--format", "prompt-completion", "--out", Path.Combine(Dir, "run"), "--steps", "1");
        AssertOneLineError(r, "sft.jsonl:2");
        Assert.False(Directory.Exists(Path.Combine(Dir, "run", "final")));
    }
}
