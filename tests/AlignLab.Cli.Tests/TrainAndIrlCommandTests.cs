using System.Text.Json;

namespace AlignLab.Cli.Tests;

/// <summary>End-to-end runs of the commands that write files or print metrics.</summary>
[Collection(CliCollection.Name)]
public class TrainAndIrlCommandTests : TempDirectoryTest
{
    [Fact]
    public void TrainWritesMetricsACheckpointAndAFinalModelThatGenerates()
    {
        var data = Path.Combine(Dir, "sft.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 40).Select(i => JsonSerializer.Serialize(new { prompt = $"Q{i % 7}:", completion = $" A{i % 7}." })));
        var run = Path.Combine(Dir, "run");
        var r = Cli.Run("train", "--model-config", "gpt2", "--data", data, "--format", "prompt-completion", "--out", run,
            "--steps", "4", "--batch", "4", "--ctx", "16", "--vocab-size", "300", "--threads", "1", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);
        Assert.True(Directory.Exists(Path.Combine(run, "checkpoint-4")));
        var generated = Cli.Run("generate", "--model", Path.Combine(run, "final"), "--ids", "1,2,3", "--max-new-tokens", "3", "--temperature", "0", "--json");
        Assert.Equal(0, generated.ExitCode);
        Assert.Equal(3, generated.Json.GetProperty("ids").GetArrayLength());

        // More steps on resume would re-spread the cosine schedule: refused unless extended explicitly.
        string[] more = ["train", "--model-config", "gpt2", "--data", data, "--format", "prompt-completion", "--out", run,
                         "--steps", "6", "--batch", "4", "--ctx", "16", "--vocab-size", "300", "--threads", "1", "--resume"];
        var refused = Cli.Run(more);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--extend", refused.Error);
        Assert.Equal(0, Cli.Run([.. more, "--extend", "--json"]).ExitCode);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);

        var badBatch = Cli.Run("train", "--model-config", "gpt2", "--data", data, "--out", Path.Combine(Dir, "run2"), "--batch", "0");
        Assert.Equal(2, badBatch.ExitCode); // the trainer names its field BatchSize; the user typed --batch
        Assert.StartsWith("alignlab: --batch: BatchSize must be at least 1, got 0", badBatch.Error);
    }

    [Fact]
    public void IrlRunPrintsTheIssuesMetricKeys()
    {
        var r = Cli.Run("irl", "run", "--env", "gridworld", "--algorithm", "single-loop", "--reward", "tabular", "--demos", "5", "--seed", "1",
            "--iterations", "50", "--json");
        Assert.Equal(0, r.ExitCode);
        foreach (var key in new[] { "normalized_return", "likelihood_gap", "likelihood_gap_opt", "best_likelihood_opt", "converged", "reward_scale", "reward_correlation", "backups", "critic_updates" })
            Assert.True(r.Json.TryGetProperty(key, out _), $"missing {key}");
        Assert.Equal(50, r.Json.GetProperty("backups").GetInt32());
        Assert.False(r.Json.GetProperty("converged").GetBoolean()); // 50 steps are far from the default tolerance
        double gap = r.Json.GetProperty("likelihood_gap_opt").GetDouble();
        Assert.Equal(r.Json.GetProperty("best_likelihood_opt").GetDouble() - r.Json.GetProperty("likelihood").GetDouble(), gap, 1e-12);
        Assert.True(gap > 0 && r.Json.GetProperty("best_likelihood_opt").GetDouble() <= r.Json.GetProperty("best_likelihood").GetDouble());
    }

    [Fact]
    public void IrlRunStopsAtTheToleranceOnExactDemonstrations()
    {
        var r = Cli.Run("irl", "run", "--env", "gridworld", "--reward", "tabular", "--demos", "0", "--tolerance", "1e-8", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.True(r.Json.GetProperty("converged").GetBoolean());
        Assert.True(r.Json.GetProperty("gradient_norm_squared").GetDouble() < 1e-8);
        // Exact occupancy identifies r* up to a constant; at ‖∇L‖² < 1e-8 the rarely visited states are still a little short of it.
        Assert.Equal(1, r.Json.GetProperty("reward_scale").GetDouble(), 0.05);
    }

    [Theory]
    [InlineData("gridworld", "--demos", "-3", "Demos must be 0 (exact occupancy) or positive, got -3")]
    [InlineData("gridworld", "--width", "7", "Width must be even and at least 2")]
    [InlineData("maze", "--demos", "0", "Demos must be at least 1")]
    [InlineData("maze", "--iterations", "0", "Iterations must be at least 1, got 0")]
    public void IrlRunNamesTheFlagOfAFieldOutOfRange(string env, string flag, string value, string message)
    {
        // The run request names its field (ParamName "Demos"); the user typed --demos: a usage error on one line.
        var r = Cli.Run("irl", "run", "--env", env, flag, value, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.StartsWith($"alignlab: {flag}: {message}", r.Error);
        Assert.Contains("see 'alignlab irl run --help'", r.Error);
        Assert.DoesNotContain("(Parameter", r.Error);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void IrlRunOnTheMazeRejectsOptionsItHasNoUseFor()
    {
        var r = Cli.Run("irl", "run", "--env", "maze", "--reward", "tabular");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("alignlab: --reward tabular: the maze learns an MLP reward only", r.Error);
    }

    [Fact]
    public void RedirectedOutputIsPlainTextWithProgressAsLines()
    {
        var r = Cli.Run("reproduce", "--only", "dynamics/b3*", "--out", Path.Combine(Dir, "reports"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("[1/1] dynamics/b3-landscape: started", r.Error);
        Assert.Contains("dynamics/b3-landscape: done in", r.Error);
        Assert.Contains("Index: ", r.Out);
        Assert.DoesNotContain('\u001b', r.Out + r.Error); // no colours, cursor moves or hyperlinks in a log
    }

    [Fact]
    public void ListingInALogIsOneExperimentPerLine()
    {
        var r = Cli.Run("reproduce", "--list", "--only", "dynamics/*");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("dynamics/", l));
        Assert.StartsWith("dynamics/b1-dimension-sweep\t", lines[0]);
    }
}
