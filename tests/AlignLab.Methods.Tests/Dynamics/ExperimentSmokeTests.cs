using AlignLab.Methods;
using AlignLab.Methods.Dynamics;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Tests.Dynamics;

/// <summary>Every Dynamics experiment runs at its quick size and produces a complete report.</summary>
public class ExperimentSmokeTests
{
    public static TheoryData<string> Ids() => new()
    {
        "dynamics/b1-dimension-sweep", "dynamics/b2-attention-only", "dynamics/b3-landscape", "dynamics/b4-classification",
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void QuickRunProducesClaimsFiguresAndMetrics(string id)
    {
        var experiment = ExperimentCatalog.All().Single(e => e.Id == id);
        var report = experiment.Run(new ExperimentContext(ExperimentSize.Quick, Threads: 2));
        Assert.Equal(id, report.Id);
        Assert.NotEmpty(report.Claims);
        Assert.NotEmpty(report.Tables);
        Assert.NotEmpty(report.Figures);
        foreach (var figure in report.Figures) Assert.StartsWith("<svg", figure.Svg.TrimStart());
        Assert.Contains("seeds", report.Configuration.Keys);
        Assert.Contains("float64", report.Summary);
        Assert.NotEmpty(report.Metrics);
    }

    [Fact]
    public void QuickAttentionOnlyShowsTheGaussianAdvantageAtSmallD()
    {
        // The quick B2 grid (D = 8: 4 seeds, 600 iterations) already separates the kernels: a regression guard on
        // the headline result, not a pass criterion (those need the full run).
        var result = AttentionOnlyStudy.Measure(AttentionOnlySettings.Quick, threads: 2);
        Assert.True(result.Cell(Core.AttentionKernel.Gaussian, 8)!.SuccessRate > result.Cell(Core.AttentionKernel.Softmax, 8)!.SuccessRate);
    }

    [Fact]
    public void RunRequestRejectsUnknownExperimentsAndNarrowsTheGrid()
    {
        Assert.Throws<ArgumentException>(() => new DynamicsRunRequest { Experiment = "b9" }.Run());
        var report = new DynamicsRunRequest
        {
            Experiment = "b2", Size = ExperimentSize.Quick, Kernel = Core.AttentionKernel.Gaussian, Dim = 16, Seeds = 2, Iterations = 50,
        }.Run();
        var rates = (Dictionary<string, Dictionary<string, double>>)report.Metrics["success_rate"]!;
        Assert.Equal(["gaussian"], rates.Keys);
        Assert.Equal(["16"], rates["gaussian"].Keys);
    }
}
