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

    private static Reports.Report Quick(string id) =>
        ExperimentCatalog.All().Single(e => e.Id == id).Run(new ExperimentContext(ExperimentSize.Quick, Threads: 2));

    private static bool Held(Reports.Report report, string statementStart) =>
        report.Claims.Single(c => c.Statement.StartsWith(statementStart, StringComparison.Ordinal)).Held;

    [Fact]
    public void QuickDimensionSweepHoldsTheClaimsThatFollowFromLinearAlgebra()
    {
        var report = Quick("dynamics/b1-dimension-sweep");
        Assert.True(Held(report, "D < Nn = 32, W_V only: the loss plateaus"), "rank(C) = D < Nn leaves ≈ 1 − D/Nn of the target energy");
        Assert.True(Held(report, "Constant step η = 1/L"), "a convex quadratic with η = 1/L contracts by 1 − η σ_min² every step");
        Assert.True(Held(report, "All weights, softmax, D ≥ Nn"));
    }

    [Fact]
    public void QuickAttentionOnlyShowsWhyTheStartRelativeMeasureFlatteredTheGaussianKernel()
    {
        // What the report's explanation rests on, at quick size: the Gaussian student starts hundreds of times above
        // the targets' energy while softmax starts near it, and its runs fall below 1e-4 of f0 without reaching 1e-4 of E.
        var result = AttentionOnlyStudy.Measure(AttentionOnlySettings.Quick, threads: 2);
        var soft = result.Cell(Core.AttentionKernel.Softmax, 8)!;
        var gauss = result.Cell(Core.AttentionKernel.Gaussian, 8)!;
        Assert.InRange(soft.MedianStartRelativeLoss, 0.1, 3.0);
        Assert.True(gauss.MedianStartRelativeLoss > 100);
        Assert.Contains(gauss.Runs, r => r.RelativeLoss / r.StartRelativeLoss < 1e-4 && r.RelativeLoss >= 1e-4);
    }

    [Fact]
    public void QuickLandscapeSlicesHaveASingleBasin()
    {
        Assert.True(Held(Quick("dynamics/b3-landscape"), "The Gaussian slice has a single basin"));
    }

    [Theory]
    [InlineData("b2")]
    [InlineData("attention-only")]
    [InlineData("b2-attention-only")]
    [InlineData("dynamics/b2-attention-only")]
    public void ExperimentsAreFoundByIdFolderNumberOrName(string name) =>
        Assert.IsType<AttentionOnlyExperiment>(DynamicsExperiments.Find(name));

    [Fact]
    public void RunRequestNarrowsThePresetAndItsReportShowsTheSettingsRun()
    {
        var request = new DynamicsRunRequest
        {
            Experiment = "b2", Size = ExperimentSize.Quick, Kernel = Core.AttentionKernel.Gaussian, Dim = 16, Seeds = 2, FirstSeed = 2000, Iterations = 50,
        };
        var settings = new AttentionOnlyExperiment().SettingsFor(request);
        Assert.Equal(new Reports.SeedRange(2000, 2), settings.Seeds);
        Assert.Equal([16], settings.Dims);
        Assert.Equal([Core.AttentionKernel.Gaussian], settings.Kernels);
        Assert.Equal(50, settings.Iterations);

        var report = request.Run();
        var rates = (Dictionary<string, Dictionary<string, double>>)report.Metrics["success_rate"]!;
        Assert.Equal(["gaussian"], rates.Keys);
        Assert.Equal(["16"], rates["gaussian"].Keys);
        Assert.Equal("seeds 2000–2001 (2 seeds)", report.Configuration["seeds"]);
        Assert.Equal(50L, report.Configuration["iterations"]);
    }

    [Fact]
    public void ReproduceDerivesTrialSeedsFromTheRunSeed()
    {
        var settings = new TwoStageLandscapeExperiment().SettingsFor(new ExperimentContext(ExperimentSize.Quick, Seed: 3));
        Assert.Equal(new Reports.SeedRange(3000, TwoStageLandscapeSettings.Quick.Seeds.Count), settings.Seeds);
    }

    [Theory]
    [InlineData("b9", null, null, null, "Experiment")]
    [InlineData("b3", Core.AttentionKernel.Softmax, null, null, "Kernel")]
    [InlineData("b2", null, 5, null, "Epochs")]
    [InlineData("b4", null, null, 5, "Iterations")]
    public void RequestErrorsNameTheField(string experiment, Core.AttentionKernel? kernel, int? epochs, int? iterations, string field)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            new DynamicsRunRequest { Experiment = experiment, Size = ExperimentSize.Quick, Kernel = kernel, Epochs = epochs, Iterations = iterations }.Run());
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void SettingsErrorsNameTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new DynamicsRunRequest { Experiment = "b2", Size = ExperimentSize.Quick, Dim = 0 }.Run());
        Assert.Equal("Dims", error.ParamName);
        Assert.Equal("Seeds", Assert.Throws<ArgumentException>(() => new DynamicsRunRequest { Experiment = "b2", Seeds = 0 }.Run()).ParamName);
    }
}
