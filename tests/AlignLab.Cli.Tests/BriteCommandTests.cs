namespace AlignLab.Cli.Tests;

[Collection(CliCollection.Name)]
public class BriteCommandTests : TempDirectoryTest
{
    [Fact]
    public void BriteRunPrintsAccuracyByDifficultyAndSamples()
    {
        var r = Cli.Run("brite", "run", "--method", "answer-sft", "--iterations", "1", "--seed", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        foreach (var key in new[] { "accuracy_easy", "accuracy_hard", "samples" })
            Assert.True(r.Json.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal(0, r.Json.GetProperty("samples").GetInt32()); // fine-tuning on given answers samples nothing
        double easy = r.Json.GetProperty("accuracy_easy").GetDouble();
        Assert.InRange(easy, 0.5, 1.0); // the warm start solves the easy levels; a little answer-only tuning does not undo that
    }

    [Fact]
    public void BriteRunRefusesAnUnknownMethod()
    {
        var r = Cli.Run("brite", "run", "--method", "ppo");
        Assert.NotEqual(0, r.ExitCode);
    }

    [Fact]
    public void BriteRunNamesABadThetaStepOrPsiSetting()
    {
        var r = Cli.Run("brite", "run", "--theta", "some");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--theta", r.Error);
        r = Cli.Run("brite", "run", "--psi-prompts", "0");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("PromptsPerStep", r.Error);
    }
}
