using AlignLab.Methods.Steering.Experiments;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Steering;

/// <summary>The quick size of every steering experiment (on the cached style model, trained on first use).</summary>
public class ExperimentSmokeTests
{
    public static TheoryData<string> Ids() => new(SteeringExperiments.All().Select(e => e.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void QuickSizeRunsAndWritesAReport(string id)
    {
        var report = SteeringExperiments.All().Single(e => e.Id == id).Run(new ExperimentContext(ExperimentSize.Quick, Seed: 1));
        Assert.Equal(id, report.Id);
        Assert.NotEmpty(report.Claims);
        string root = Path.Combine(Path.GetTempPath(), "alignlab-steer-" + Guid.NewGuid().ToString("N"));
        try
        {
            string text = File.ReadAllText(Path.Combine(ReportWriter.Write(report, root), "report.md"));
            Assert.Contains("| Claim | Ours | Paper | Held |", text);
            foreach (string word in new[] { "brief", "pilot", "§" }) Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void QuickNoiseRunSteersWellAboveTheUnsteeredModel()
    {
        var e = new NoiseExperiment();
        var r = e.Measure(e.Quick, new ExperimentContext(ExperimentSize.Quick, Seed: 1));
        var best = r.Cells.Where(c => c.Method == "CONFST").Max(c => c.Success);
        Assert.True(best >= r.UnsteeredSuccess + 0.2, $"CONFST best {best} vs unsteered {r.UnsteeredSuccess}");
    }
}
