using AlignLab.Reports.Experiments;

namespace AlignLab.Reports.Tests.Experiments;

public class ExperimentBaseTests
{
    private sealed record SquareSettings(SeedRange Seeds, IReadOnlyList<int> Sizes, double StepSize, string Optimizer);

    /// <summary>A tiny experiment: squares each size once per seed, and claims the largest square is at least 100.</summary>
    private sealed class SquareExperiment : Experiment<SquareSettings, int[]>
    {
        public override string Id => "test/squares";
        public override string Paper => "A paper";
        public override string Title => "Squares";
        public override SquareSettings Quick => new(new SeedRange(1000, 2), [2, 3], 0.5, "gd");
        public override SquareSettings Full => Quick with { Sizes = [2, 3, 10] };
        public override SquareSettings SettingsFor(ExperimentContext context) =>
            base.SettingsFor(context) with { Seeds = SeedRange.FromRunSeed(context.Seed, 2) };

        public override int[] Measure(SquareSettings settings, ExperimentContext context) =>
            Trials.Map(settings.Sizes.Count, context.Threads, i => settings.Sizes[i] * settings.Sizes[i], context.Cancel, context.Stage("squares"));

        protected override void Describe(Report report, SquareSettings settings, int[] result)
        {
            report.Claims.Add(new Claim("The largest square is at least 100", Format.Int(result.Max()), "not stated in the paper", result.Max() >= 100));
            report.Metrics["squares"] = result;
        }
    }

    [Fact]
    public void QuickAndFullPickTheirSettingsAndTheConfigurationIsTheSettingsRecord()
    {
        var experiment = new SquareExperiment();
        var quick = experiment.Run(new ExperimentContext(ExperimentSize.Quick, Seed: 2));
        var full = experiment.Run(new ExperimentContext(ExperimentSize.Full, Seed: 2));

        Assert.False(quick.Claims.Single().Held);
        Assert.True(full.Claims.Single().Held);
        Assert.Equal(["seeds", "sizes", "step_size", "optimizer"], quick.Configuration.Keys);
        Assert.Equal("seeds 2000–2001 (2 seeds)", quick.Configuration["seeds"]);
        Assert.Equal(new List<object?> { 2L, 3L, 10L }, full.Configuration["sizes"]);
        Assert.Equal(0.5, quick.Configuration["step_size"]);
        Assert.Equal("gd", ReportMarkdown.FormatValue(quick.Configuration["optimizer"]));
    }

    [Fact]
    public void ProgressOfAStageCoversTheWholeRunInParts()
    {
        var seen = new List<double>();
        var context = new ExperimentContext(ExperimentSize.Quick, Progress: new Collect(p => seen.Add(p.Fraction)));
        context.Stage("b", index: 1, parts: 2)!.Report(0.5);
        Assert.Equal([0.75], seen);
        Assert.Null(new ExperimentContext(ExperimentSize.Quick).Stage("nobody listens"));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Stage("b", index: 2, parts: 2));
    }

    [Fact]
    public void TrialsGiveTheSameResultsOnAnyThreadCount()
    {
        static double Trial(int i) => new Random(i).NextDouble();
        var one = Trials.Map(64, 1, Trial);
        var four = Trials.Map(64, 4, Trial);
        Assert.Equal(one, four);
        var grid = Trials.Map(3, 4, 2, (r, c) => 10 * r + c);
        Assert.Equal([20, 21, 22, 23], grid[2]);
    }

    [Fact]
    public void SeedRangesPrintAsRangesAndReadBack()
    {
        Assert.Equal("seeds 1000–1019 (20 seeds)", new SeedRange(1000, 20).ToString());
        Assert.Equal("seed 7", new SeedRange(7, 1).ToString());
        Assert.Equal(new SeedRange(1000, 20), SeedRange.Parse("seeds 1000–1019 (20 seeds)"));
        Assert.Equal(new SeedRange(5, 3), SeedRange.Parse("5-7"));
        Assert.Equal([1000, 1001, 1002], SeedRange.FromRunSeed(1, 3).ToArray());
        Assert.Throws<FormatException>(() => SeedRange.Parse("seeds ten to twelve"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedRange(3, 0));
    }

    [Theory]
    [InlineData(0.000123, "1.23e-4")]
    [InlineData(12345.0, "1.23e+4")]
    [InlineData(0.5, "0.5")]
    [InlineData(double.NaN, "n/a")]
    public void GeneralNumbersKeepThreeSignificantDigits(double value, string expected) => Assert.Equal(expected, Format.G(value));

    [Fact]
    public void PercentSignedAndMeanSdFormats()
    {
        Assert.Equal("85 %", Format.Percent(0.853));
        Assert.Equal("85.30 %", Format.Percent(0.853, 2));
        Assert.Equal("−0.40", Format.Signed(-0.4));
        Assert.Equal("+0.00", Format.Signed(-0.001));
        Assert.Equal("2.000 ± 1.000", Format.MeanSd([1.0, 2.0, 3.0]));
        Assert.Equal("n/a", Format.MeanSd([1.0, double.NaN]));
    }

    private sealed class Collect(Action<ExperimentProgress> action) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => action(value);
    }
}
