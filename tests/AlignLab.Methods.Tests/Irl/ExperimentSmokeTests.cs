using AlignLab.Methods.Irl.Experiments;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Irl;

/// <summary>The quick size of every IRL experiment, run end to end and written as a report.</summary>
public class ExperimentSmokeTests
{
    public static TheoryData<string> Ids() => new(IrlExperiments.All().Select(e => e.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void QuickSizeRunsAndWritesAReport(string id)
    {
        var experiment = IrlExperiments.All().Single(e => e.Id == id);
        var report = experiment.Run(new ExperimentContext(ExperimentSize.Quick, Seed: 1));
        Assert.Equal(id, report.Id);
        Assert.NotEmpty(report.Claims);
        Assert.NotEmpty(report.Figures);
        Assert.All(report.Figures, f => Assert.StartsWith("<svg", f.Svg.TrimStart()));
        string root = Path.Combine(Path.GetTempPath(), "alignlab-irl-" + Guid.NewGuid().ToString("N"));
        try
        {
            string folder = ReportWriter.Write(report, root);
            Assert.True(File.Exists(Path.Combine(folder, "metrics.json")));
            string text = File.ReadAllText(Path.Combine(folder, "report.md"));
            Assert.Contains("| Claim | Ours | Paper | Held |", text);
            foreach (string word in new[] { "brief", "pilot", "§", "criterion" })
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
        finally { Directory.Delete(root, recursive: true); }
        // Claims that hold already at quick size (their full-size values are far from the thresholds).
        string[] mustHold = id switch
        {
            "irl/single-vs-nested" => ["tabular: the single loop reaches", "tabular: at the tolerance both loops", "MLP m = 256: the single loop reaches", "MLP m = 256: at the tolerance both loops"],
            "irl/reward-recovery-transfer" => ["Transfer (wall at x = 5, y ≥ 3): transplanted BC drops clearly"],
            // None of the maze's claims is decided at quick size: 30 reward steps leave every learner near the uniform
            // policy (single loop ≈ 0.01 normalized return, BC ≈ 0.98), so they are all judged only at full size.
            "irl/maze" => [],
            _ => [],
        };
        foreach (string prefix in mustHold)
        {
            var claim = Assert.Single(report.Claims, c => c.Statement.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(claim.Held, $"{id}: {claim.Statement} — {claim.Ours}");
        }
    }

    [Fact]
    public void CatalogListsTheIrlExperimentsOnce()
    {
        var ids = ExperimentCatalog.All().Select(e => e.Id).Where(id => id.StartsWith("irl/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["irl/single-vs-nested", "irl/convergence-rate", "irl/width-sweep", "irl/reward-recovery-transfer", "irl/maze"], ids);
    }
}
