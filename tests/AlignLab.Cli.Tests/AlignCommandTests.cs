namespace AlignLab.Cli.Tests;

[Collection(CliCollection.Name)]
public class AlignCommandTests : TempDirectoryTest
{
    [Fact]
    public void AlignRunPrintsTheIssuesKeysAndWritesARoundCheckpoint()
    {
        var checkpoints = Path.Combine(Dir, "rounds");
        var r = Cli.Run("align", "run", "--task", "sort", "--method", "irl", "--rounds", "1", "--seed", "2", "--quick", "--checkpoints", checkpoints, "--json");
        Assert.Equal(0, r.ExitCode);
        foreach (var key in new[] { "true_reward", "rm_accuracy", "kl_to_base", "samples" })
            Assert.True(r.Json.TryGetProperty(key, out _), key);
        double reward = r.Json.GetProperty("true_reward").GetDouble();
        Assert.InRange(reward, 0, 1);
        Assert.Equal(1, r.Json.GetProperty("rm_accuracy_by_round").GetArrayLength());
        Assert.Equal(5, r.Json.GetProperty("samples").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(checkpoints, "round-01", "config.json")));
        Assert.True(File.Exists(Path.Combine(checkpoints, "round-01", "reward_head.safetensors")));

        var tuned = Cli.Run("align", "run", "--task", "reverse", "--method", "dpo", "--lr", "3e-5", "--weight", "1", "--sft-steps", "20", "--quick", "--json");
        Assert.Equal(0, tuned.ExitCode);
        Assert.InRange(tuned.Json.GetProperty("true_reward").GetDouble(), 0, 1);
        var noWeight = Cli.Run("align", "run", "--method", "sft", "--weight", "0.1", "--quick");
        Assert.Equal(2, noWeight.ExitCode);
        Assert.Contains("--weight", noWeight.Error);
        foreach (var (flag, value) in new[] { ("--lr", "0"), ("--weight", "-1") })
        {
            var outOfRange = Cli.Run("align", "run", "--method", "dpo", flag, value, "--quick");
            Assert.Equal(2, outOfRange.ExitCode);
            Assert.StartsWith($"alignlab: {flag} must be", outOfRange.Error);
        }

        var bad = Cli.Run("align", "run", "--method", "ppo");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--method", bad.Error);
    }
}
