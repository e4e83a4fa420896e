using AlignLab.Methods.RewardsFromDemos.Experiments;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.RewardsFromDemos;

/// <summary>The quick size of every experiment, run end to end and written as a report.</summary>
public class ExperimentSmokeTests
{
    public static TheoryData<string> Ids() => new(RewardsFromDemosExperiments.All().Select(e => e.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void QuickSizeRunsAndWritesAReport(string id)
    {
        var experiment = RewardsFromDemosExperiments.All().Single(e => e.Id == id);
        var report = experiment.Run(new ExperimentContext(ExperimentSize.Quick, Seed: 1, Threads: 2));
        Assert.NotEmpty(report.Claims);
        Assert.NotEmpty(report.Figures);
        Assert.All(report.Figures, f => Assert.StartsWith("<svg", f.Svg.TrimStart()));
        string root = Path.Combine(Path.GetTempPath(), "alignlab-align-" + Guid.NewGuid().ToString("N"));
        try
        {
            string folder = ReportWriter.Write(report, root);
            string text = File.ReadAllText(Path.Combine(folder, "report.md"));
            Assert.Contains("| Claim | Ours | Paper | Held |", text);
            foreach (string word in new[] { "brief", "pilot", "§", "spec" })
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
        finally { Directory.Delete(root, recursive: true); }
        // Claims that hold already at quick size.
        string[] mustHold = id switch
        {
            _ => [],
        };
        foreach (string prefix in mustHold)
        {
            var claim = Assert.Single(report.Claims, c => c.Statement.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(claim.Held, $"{id}: {claim.Statement} — {claim.Ours}");
        }
    }

    [Fact]
    public void CatalogListsTheExperimentsOnce()
    {
        var ids = ExperimentCatalog.All().Select(e => e.Id).Where(id => id.StartsWith("rewards-from-demos/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["rewards-from-demos/reward-accuracy-by-round", "rewards-from-demos/policy-ordering", "rewards-from-demos/policy-ordering-reverse-weak-sft", "rewards-from-demos/corrupted-demos"], ids);
    }
}
