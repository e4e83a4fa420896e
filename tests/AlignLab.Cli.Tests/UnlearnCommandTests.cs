namespace AlignLab.Cli.Tests;

[Collection(CliCollection.Name)]
public class UnlearnCommandTests
{
    [Fact]
    public void ScorePrintsLumeMetricsOfAPredictionsFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "unlearn-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "p.jsonl");
        File.WriteAllText(path,
            "{\"id\":\"asc1\",\"prediction\":\"Security number 900-51-4344\",\"reference\":\"Her Social Security Number is 900-51-4344.\"}\n" +
            "{\"id\":\"bqa0\",\"prediction\":\" Daniel \",\"reference\":\"daniel\",\"split\":\"retain\"}");
        var r = Cli.Run("unlearn", "score", "--predictions", path, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0.625, r.Json.GetProperty("forget_rouge").GetDouble(), 12);
        Assert.Equal(1.0, r.Json.GetProperty("retain_em").GetDouble(), 12);
        Assert.Equal(2 / (1 / 0.375 + 1), r.Json.GetProperty("hm").GetDouble(), 12);

        File.WriteAllText(path, "{\"id\":\"asc1\",\"prediction\":\"x\",\"reference\":\"y\"}\n{\"id\":\"a\",\"prediction\":\"x\",\"reference\":\"y\"}");
        r = Cli.Run("unlearn", "score", "--predictions", path);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"alignlab: {path}:2: id 'a' must end in sc<k> or qa<k>", r.Error);
    }

    [Fact]
    public void UnknownMethodOrSmootherIsAUsageError()
    {
        var r = Cli.Run("unlearn", "run", "--method", "foo");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown unlearning method 'foo'", r.Error);
        r = Cli.Run("unlearn", "run", "--smoother", "bar");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown smoother 'bar'", r.Error);
    }
}
