using AlignLab.Methods.Reasoning.Experiments;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Reasoning;

public class ExperimentSmokeTests
{
    [Fact]
    public void ToyPosteriorQuickSizeHoldsItsClaim()
    {
        var report = new ToyPosteriorExperiment().Run(new ExperimentContext(ExperimentSize.Quick, Seed: 1));
        Assert.All(report.Claims, c => Assert.True(c.Held, c.Statement + ": " + c.Ours));
        Assert.NotEmpty(report.Figures);
    }

    [Fact]
    public void AccuracyByLevelQuickSizeRunsAndWritesAReport()
    {
        var report = new AccuracyByLevelExperiment().Run(new ExperimentContext(ExperimentSize.Quick, Seed: 1, Threads: 2));
        // Four per BRiTE verifier arm (three), the stronger ψ-step's purpose, two for the likelihood reward.
        Assert.Equal(15, report.Claims.Count);
        Assert.Equal(2, report.Figures.Count);
        // The budget is matched: each BRiTE arm spends what its rejection-sampling arm spends.
        foreach (var key in new[] { "brite_verifier_reward", "brite_verified_only", "brite_gold_answer_likelihood" })
            Assert.Equal(report.Metrics["rejection_sampling_samples"], report.Metrics[key + "_samples"]);
        Assert.Equal(report.Metrics["rejection_sampling_20_samples"], report.Metrics["brite_strong_psi_samples"]);
        string root = Path.Combine(Path.GetTempPath(), "alignlab-brite-" + Guid.NewGuid().ToString("N"));
        try
        {
            string text = File.ReadAllText(Path.Combine(ReportWriter.Write(report, root), "report.md"));
            foreach (string word in new[] { "brief", "pilot", "§", "criterion" })
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
