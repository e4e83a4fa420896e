using AlignLab.Methods.Quantization;
using AlignLab.Methods.Quantization.Experiments;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Quantization;

/// <summary>The quick size of the RoSTE comparison, run end to end and written as a report.</summary>
public class ExperimentSmokeTests
{
    [Fact]
    public void QuickSizeRunsAndWritesAReport()
    {
        var experiment = new RosteComparisonExperiment();
        var settings = experiment.SettingsFor(new ExperimentContext(ExperimentSize.Quick, Seed: 1));
        var result = experiment.Measure(settings, new ExperimentContext(ExperimentSize.Quick, Seed: 1));
        var report = experiment.ToReport(settings, result);
        Assert.Equal("roste/qat-vs-ptq", report.Id);
        Assert.NotEmpty(report.Claims);
        Assert.All(report.Figures, f => Assert.StartsWith("<svg", f.Svg.TrimStart()));
        string root = Path.Combine(Path.GetTempPath(), "alignlab-roste-" + Guid.NewGuid().ToString("N"));
        try
        {
            string folder = ReportWriter.Write(report, root);
            string text = File.ReadAllText(Path.Combine(folder, "report.md"));
            Assert.Contains("| Claim | Ours | Paper | Held |", text);
            foreach (string word in new[] { "brief", "pilot", "§", "criterion" })
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
        finally { Directory.Delete(root, recursive: true); }

        // What holds already at quick size: the planted outliers break round-to-nearest (≥ 2× float perplexity) and RoSTE's
        // quantization-aware fine-tuning beats RTN. (Whether E(·) stays below STE's is not decided at this size.)
        var scores = result.Injected[0];
        double fp = scores[("w4a4kv4", QuantMethod.FullPrecision)].Perplexity;
        string all = string.Join("; ", scores.Select(p => $"{p.Key.Method}: {p.Value.Perplexity:F3} E {string.Join(",", p.Value.ErrorTrace ?? [])}"));
        Assert.True(scores[("w4a4kv4", QuantMethod.Rtn)].Perplexity >= 2 * fp, all);
        Assert.True(scores[("w4a4kv4", QuantMethod.Roste)].Perplexity < scores[("w4a4kv4", QuantMethod.Rtn)].Perplexity, all);
    }

    [Fact]
    public void CatalogListsTheRosteExperiment() =>
        Assert.Contains("roste/qat-vs-ptq", ExperimentCatalog.All().Select(e => e.Id));
}
