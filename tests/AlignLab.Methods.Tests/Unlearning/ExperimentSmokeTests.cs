using AlignLab.Methods.Unlearning.Experiments;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Unlearning;

/// <summary>The quick size of every unlearning experiment (its small target is trained on first use, then cached).</summary>
public class ExperimentSmokeTests
{
    public static TheoryData<string> Ids() => new(UnlearningExperiments.All().Select(e => e.Id));

    // Two threads, as `reproduce` gives them on a 2-core machine: trials sharing a model once collided there.
    private static Report Quick(string id) => UnlearningExperiments.All().Single(e => e.Id == id).Run(new ExperimentContext(ExperimentSize.Quick, Seed: 1, Threads: 2));

    [Theory]
    [MemberData(nameof(Ids))]
    public void QuickSizeRunsAndWritesAReport(string id)
    {
        var report = Quick(id);
        Assert.Equal(id, report.Id);
        Assert.NotEmpty(report.Claims);
        Assert.NotEmpty(report.Tables);
        string root = Path.Combine(Path.GetTempPath(), "alignlab-unlearn-" + Guid.NewGuid().ToString("N"));
        try
        {
            string text = File.ReadAllText(Path.Combine(ReportWriter.Write(report, root), "report.md"));
            Assert.Contains("| Claim | Ours | Paper | Held |", text);
            foreach (string word in new[] { "brief", "pilot", "§" }) Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"\bspec\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase), text);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void QuickBaselinesShowLumesFailureModes()
    {
        var report = Quick("unlearning/lume-baselines");
        Assert.True(Held(report, "GA, GD and KL end with a task aggregate of 0"), Dump(report));
        Assert.True(Held(report, "No unlearning method gets close to the retrain oracle"), Dump(report));
    }

    [Fact]
    public void QuickRelearningKeepsSamBelowNpoAtTheLargestBudget()
    {
        var report = Quick("unlearning/relearning");
        Assert.True(Held(report, "The gap keeps its sign at the largest budget"), Dump(report));
        Assert.True(Held(report, "The attacked oracle bounds everything from below"), Dump(report));
    }

    private static bool Held(Report r, string start) => r.Claims.Single(c => c.Statement.StartsWith(start, StringComparison.Ordinal)).Held;
    private static string Dump(Report r) => string.Join("\n", r.Claims.Select(c => $"{(c.Held ? "✓" : "✗")} {c.Statement}: {c.Ours}"));
}
