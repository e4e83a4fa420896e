using AlignLab.Reports.Experiments;

namespace AlignLab.Reports.Tests.Experiments;

public class ExperimentRunnerTests
{
    private sealed class FakeExperiment(string id, Func<ExperimentContext, Report> run) : IExperiment
    {
        public string Id => id;
        public string Paper => "Fake paper";
        public string Title => "Fake " + id;
        public Report Run(ExperimentContext context) => run(context);
    }

    private static FakeExperiment Succeeding(string id) => new(id, ctx =>
    {
        ctx.Progress?.Report(new ExperimentProgress("training", 0.5));
        var report = SampleReports.Make(id);
        report.Configuration["seed"] = ctx.Seed;
        return report;
    });

    [Fact]
    public void FailingExperimentIsReportedAndTheOthersStillRun()
    {
        using var temp = new TempFolder();
        var experiments = new IExperiment[]
        {
            Succeeding("a/first"),
            new FakeExperiment("b/broken", _ => throw new InvalidOperationException("matrix is singular")),
            Succeeding("c/last"),
        };
        var progress = new List<(string, double)>();
        var finished = new List<string>();
        var runner = new ExperimentRunner(temp.Path, ExperimentSize.Quick, seed: 5)
        {
            ProgressFor = e => new Recorder(p => progress.Add((e.Id, p.Fraction))),
            Finished = o => finished.Add(o.Experiment.Id),
        };
        var outcomes = runner.Run(experiments);

        Assert.Equal([ExperimentStatus.Succeeded, ExperimentStatus.Failed, ExperimentStatus.Succeeded], outcomes.Select(o => o.Status));
        Assert.Equal("matrix is singular", outcomes[1].Error);
        Assert.Equal(["a/first", "b/broken", "c/last"], finished);
        Assert.Equal([("a/first", 0.5), ("c/last", 0.5)], progress);
        Assert.True(File.Exists(Path.Combine(temp.Path, "a", "first", "report.md")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "c", "last", "report.md")));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "b")));
        Assert.Contains("\"seed\": 5", File.ReadAllText(Path.Combine(temp.Path, "a", "first", "config.json")));

        string index = File.ReadAllText(Path.Combine(temp.Path, ReportIndex.FileName));
        Assert.Contains("a/first/report.md", index);
        Assert.Contains("matrix is singular", index);
        var manifest = ReportManifest.Load(Path.Combine(temp.Path, "c", "last", ReportManifest.FileName));
        Assert.Equal(ExperimentSize.Quick, manifest.Run!.Size);
        Assert.Equal(5, manifest.Run.Seed);
    }

    [Fact]
    public void CancellationStopsAndWritesNoPartialReport()
    {
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var experiments = new IExperiment[]
        {
            Succeeding("a/done"),
            new FakeExperiment("b/interrupted", ctx => { cancel.Cancel(); ctx.Cancel.ThrowIfCancellationRequested(); return null!; }),
            Succeeding("c/never"),
        };
        var outcomes = new ExperimentRunner(temp.Path, ExperimentSize.Quick).Run(experiments, cancel.Token);

        Assert.Equal([ExperimentStatus.Succeeded, ExperimentStatus.Canceled, ExperimentStatus.Canceled], outcomes.Select(o => o.Status));
        Assert.True(Directory.Exists(Path.Combine(temp.Path, "a", "done")));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "b")));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "c")));
        Assert.True(File.Exists(Path.Combine(temp.Path, ReportIndex.FileName)));
    }

    [Fact]
    public void ReportWithAnotherIdIsAFailure()
    {
        using var temp = new TempFolder();
        var outcome = Assert.Single(new ExperimentRunner(temp.Path, ExperimentSize.Quick)
            .Run([new FakeExperiment("a/x", _ => SampleReports.Make("a/y"))]));
        Assert.Equal(ExperimentStatus.Failed, outcome.Status);
        Assert.Contains("a/y", outcome.Error);
    }

    [Fact]
    public void NoExperimentsStillWritesTheIndex()
    {
        using var temp = new TempFolder();
        Assert.Empty(new ExperimentRunner(temp.Path, ExperimentSize.Full).Run([]));
        Assert.Contains("No reports yet", File.ReadAllText(Path.Combine(temp.Path, ReportIndex.FileName)));
    }

    [Fact]
    public void DuplicateIdsAreRejected()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<ArgumentException>(() =>
            new ExperimentRunner(temp.Path, ExperimentSize.Quick).Run([Succeeding("a/x"), Succeeding("a/x")]));
        Assert.Contains("a/x", e.Message);
    }

    private sealed class Recorder(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
