using AlignLab.Methods.Mimo;
using AlignLab.Reports;

namespace AlignLab.Cli.Tests;

[Collection(CliCollection.Name)]
public class MimoCommandTests
{
    [Fact]
    public void RunPrintsTheLibrarysSummaryWithItsSeedRange()
    {
        var r = Cli.Run("mimo", "run", "--nr", "6", "--nt", "8", "--paths", "2", "--feedback-bits", "120", "--trials", "2",
                        "--first-seed", "40", "--method", "redeem", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("seeds 40–41 (2 seeds)", r.Json.GetProperty("seeds").GetString());
        Assert.Equal(40, r.Json.GetProperty("measurements").GetInt32());
        var library = new MimoRunRequest { Nr = 6, Nt = 8, Paths = 2, FeedbackBits = 120, Seeds = new SeedRange(40, 2) }.Run().Summary;
        Assert.Equal(library.NmseDb, r.Json.GetProperty("nmse_db").GetDouble(), 12);
        Assert.Equal(library.AngleRmseDegrees, r.Json.GetProperty("angle_rmse_deg").GetDouble(), 12);
    }

    [Fact]
    public void LibraryErrorsNameTheFieldAndTheCliPrintsOneLine()
    {
        var e = Assert.Throws<ArgumentException>(() => new MimoRunRequest { Scheme = 3 }.Run());
        Assert.Equal("Scheme", e.ParamName);
        var r = Cli.Run("mimo", "run", "--scheme", "3", "--trials", "1");
        Assert.Equal(2, r.ExitCode); // a flag's value out of range is a usage error, reported under the flag that set it
        Assert.StartsWith("alignlab: --scheme: scheme must be 1 or 2, got 3", r.Error);
        Assert.DoesNotContain('\n', r.Error);
    }
}
