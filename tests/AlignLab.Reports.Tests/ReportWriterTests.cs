using System.Text.Json;
using AlignLab.Reports.Experiments;

namespace AlignLab.Reports.Tests;

public class ReportWriterTests
{
    [Fact]
    public void WritesEveryFileIntoTheIdFolder()
    {
        using var temp = new TempFolder();
        string folder = ReportWriter.Write(SampleReports.Make(), temp.Path);
        Assert.Equal(Path.Combine(temp.Path, "mimo", "nmse-vs-bits"), folder);
        Assert.Equal(["config.json", "metrics.json", "nmse.svg", "report.json", "report.md"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertNoStagingLeftBehind(temp);
    }

    [Fact]
    public void ExistingReportIsReplacedNotMerged()
    {
        using var temp = new TempFolder();
        var first = SampleReports.Make();
        first.Figures.Add(new Figure("old-only", "a figure the new run no longer makes", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
        string folder = ReportWriter.Write(first, temp.Path);
        Assert.True(File.Exists(Path.Combine(folder, "old-only.svg")));

        var second = SampleReports.Make(title: "Second run");
        ReportWriter.Write(second, temp.Path);
        Assert.False(File.Exists(Path.Combine(folder, "old-only.svg")));
        Assert.StartsWith("# Second run", File.ReadAllText(Path.Combine(folder, "report.md")));
        AssertNoStagingLeftBehind(temp);
    }

    [Fact]
    public void FailureWhileWritingFiguresLeavesTheOldReportIntact()
    {
        using var temp = new TempFolder();
        string folder = ReportWriter.Write(SampleReports.Make(), temp.Path);
        var before = Snapshot(folder);

        var broken = SampleReports.Make(title: "Broken run");
        broken.Figures.Add(new Figure("../escape", "invalid file name", "<svg/>"));
        var e = Assert.Throws<ArgumentException>(() => ReportWriter.Write(broken, temp.Path));
        Assert.Contains("../escape", e.Message);

        Assert.Equal(before, Snapshot(folder));
        AssertNoStagingLeftBehind(temp);
        Assert.False(File.Exists(Path.Combine(temp.Path, "escape.svg")));
    }

    private sealed class Cycle { public Cycle? Next { get; set; } }

    [Fact]
    public void MetricThatCannotBeSerializedLeavesTheOldReportIntact()
    {
        using var temp = new TempFolder();
        string folder = ReportWriter.Write(SampleReports.Make(), temp.Path);
        var before = Snapshot(folder);

        var broken = SampleReports.Make(title: "Broken run");
        var cycle = new Cycle();
        cycle.Next = cycle;
        broken.Metrics["cycle"] = cycle; // fails after report.md and the SVGs are already staged
        var e = Assert.Throws<InvalidDataException>(() => ReportWriter.Write(broken, temp.Path));
        Assert.Contains("metrics.json", e.Message);

        Assert.Equal(before, Snapshot(folder));
        AssertNoStagingLeftBehind(temp);
    }

    [Fact]
    public void FailedFirstWriteLeavesNoFolder()
    {
        using var temp = new TempFolder();
        var broken = SampleReports.Make();
        broken.Figures.Add(new Figure("nmse", "duplicate name", "<svg/>"));
        Assert.Throws<ArgumentException>(() => ReportWriter.Write(broken, temp.Path));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(temp.Path, "mimo")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mimo//x")]
    [InlineData("../outside")]
    [InlineData("mimo/.hidden")]
    [InlineData("/absolute")]
    [InlineData("mimo\\x")]
    [InlineData("mimo/x y")]
    public void BadIdsAreRejectedBeforeAnythingIsWritten(string id)
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => ReportWriter.Write(SampleReports.Make(id), temp.Path));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void TableRowOfWrongWidthNamesTheTable()
    {
        using var temp = new TempFolder();
        var report = SampleReports.Make();
        report.Tables.Add(new Table("ragged", ["a", "b"], [["1"]]));
        Assert.Contains("ragged", Assert.Throws<ArgumentException>(() => ReportWriter.Write(report, temp.Path)).Message);
    }

    [Fact]
    public void MetricsRoundTripWithNonFiniteAsNull()
    {
        using var temp = new TempFolder();
        var report = SampleReports.Make();
        report.Metrics["third"] = 1.0 / 3;
        report.Metrics["tiny"] = 1e-300;
        report.Metrics["inf"] = new[] { 1.5f, float.PositiveInfinity };
        report.Metrics["nested"] = new Dictionary<string, object?> { ["loss"] = double.NegativeInfinity, ["name"] = "é<tag>" };
        string folder = ReportWriter.Write(report, temp.Path);

        string text = File.ReadAllText(Path.Combine(folder, "metrics.json"));
        Assert.Contains("\n  \"", text); // indented
        Assert.Contains("é<tag>", text);
        var metrics = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(text)!;
        Assert.Equal([-3.0, -12.1], metrics["nmse_db"].EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(JsonValueKind.Null, metrics["diverged"].ValueKind);
        Assert.Equal(200, metrics["steps"].GetInt32());
        Assert.Equal(1.0 / 3, metrics["third"].GetDouble()); // bit-exact: shortest round-trip formatting
        Assert.Equal(1e-300, metrics["tiny"].GetDouble());
        Assert.Equal(JsonValueKind.Null, metrics["inf"][1].ValueKind);
        Assert.Equal(1.5, metrics["inf"][0].GetDouble());
        Assert.Equal(JsonValueKind.Null, metrics["nested"].GetProperty("loss").ValueKind);
        Assert.Equal(["nmse_db", "diverged", "steps", "third", "tiny", "inf", "nested"], metrics.Keys);

        var reread = JsonSerializer.Deserialize<Dictionary<string, double[]>>("{\"a\":[1.5,null]}", ReportJson.Indented)!;
        Assert.True(double.IsNaN(reread["a"][1]));
    }

    [Fact]
    public void ConfigAndManifestAreWritten()
    {
        using var temp = new TempFolder();
        var run = new RunInfo(ExperimentSize.Quick, 7, 2, 12.5, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        string folder = ReportWriter.Write(SampleReports.Make(), temp.Path, run);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.Equal("AdamW", config.RootElement.GetProperty("optimizer").GetString());
        Assert.Equal(0.001, config.RootElement.GetProperty("lr").GetDouble());

        var manifest = ReportManifest.Load(Path.Combine(folder, ReportManifest.FileName));
        Assert.Equal("mimo/nmse-vs-bits", manifest.Id);
        Assert.Equal(1, manifest.ClaimsHeld);
        Assert.Equal(2, manifest.Claims.Count);
        Assert.Equal(run, manifest.Run);
        Assert.Equal("nmse", Assert.Single(manifest.Figures).Name);
    }

    /// <summary>The report folder is the only entry next to it: no staging or retired copy was left behind.</summary>
    private static void AssertNoStagingLeftBehind(TempFolder temp) =>
        Assert.Equal(["nmse-vs-bits"], Directory.GetFileSystemEntries(Path.Combine(temp.Path, "mimo")).Select(Path.GetFileName));

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f)!, File.ReadAllText);
}
