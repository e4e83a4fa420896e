namespace AlignLab.Cli.Tests;

/// <summary><c>alignlab dynamics run</c> goes through the experiments <c>reproduce</c> runs, narrowed by flags.</summary>
[Collection(CliCollection.Name)]
public class DynamicsCommandTests
{
    [Fact]
    public void RunPicksTheExperimentByNameAndNarrowsItsGrid()
    {
        var r = Cli.Run("dynamics", "run", "--experiment", "attention-only", "--quick", "--kernel", "gaussian", "--dim", "8",
                        "--seeds", "2", "--first-seed", "3000", "--iterations", "20", "--threads", "1", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = r.Json;
        Assert.Equal("b2", json.GetProperty("experiment").GetString());
        Assert.Equal(["8"], json.GetProperty("success_rate").GetProperty("gaussian").EnumerateObject().Select(p => p.Name));
        Assert.Equal([3000, 3001], json.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(20, json.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void AFlagTheExperimentHasNoUseForIsAUsageErrorNamingTheFlag()
    {
        var r = Cli.Run("dynamics", "run", "--experiment", "b3", "--quick", "--kernel", "softmax");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--kernel", r.Error);
        Assert.Contains("both kernels", r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void AnUnknownExperimentIsNamedWithTheKnownOnes()
    {
        var r = Cli.Run("dynamics", "run", "--experiment", "b9");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--experiment", r.Error);
        Assert.Contains("b2-attention-only", r.Error);
        Assert.Single(r.Error.Split('\n'));
    }
}
