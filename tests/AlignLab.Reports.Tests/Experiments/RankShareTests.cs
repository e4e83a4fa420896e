using AlignLab.Reports.Experiments;

namespace AlignLab.Reports.Tests.Experiments;

/// <summary>
/// A run spread over ranks (here threads standing in for MPI processes) writes the same reports as one process: each
/// rank runs every Size-th experiment, and rank 0 receives the others' report files and writes them beside its own.
/// </summary>
public class RankShareTests
{
    private sealed class SeededExperiment(string id, bool fails = false) : IExperiment
    {
        public string Id => id;
        public string Paper => "Fake paper";
        public string Title => "Fake " + id;
        public Report Run(ExperimentContext context)
        {
            if (fails) throw new InvalidOperationException($"{id} diverged");
            var report = SampleReports.Make(id);
            report.Configuration["seed"] = context.Seed;
            report.Metrics["draw"] = new Random(context.Seed * 31 + id.Length).NextDouble();
            return report;
        }
    }

    private static IExperiment[] Catalog() =>
        [new SeededExperiment("a/one"), new SeededExperiment("a/two"), new SeededExperiment("b/three", fails: true),
         new SeededExperiment("b/four"), new SeededExperiment("c/five")];

    [Fact]
    public void EachRankTakesEverySizethExperiment()
    {
        var all = Catalog();
        Assert.Equal(["a/one", "b/three", "c/five"], new RankShare(0, 2, _ => null).Select(all).Select(e => e.Id));
        Assert.Equal(["a/two", "b/four"], new RankShare(1, 2, _ => null).Select(all).Select(e => e.Id));
        Assert.Empty(new RankShare(2, 8, _ => null).Select(all.Take(2).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RankShare(2, 2, _ => null).Select(all));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void RanksWriteTheReportsOneProcessWrites(int size)
    {
        using var single = new TempFolder();
        using var shared = new TempFolder();
        var alone = new ExperimentRunner(single.Path, ExperimentSize.Quick, seed: 7).Run(Catalog());

        var finishedOnRoot = new List<string>();
        var perRank = RunAsThreads(size, share => new ExperimentRunner(shared.Path, ExperimentSize.Quick, seed: 7)
        {
            Ranks = share,
            Finished = o => { if (share.IsRoot) lock (finishedOnRoot) finishedOnRoot.Add(o.Experiment.Id); },
        }.Run(Catalog()));

        var root = perRank[0];
        Assert.Equal(alone.Select(o => (o.Experiment.Id, o.Status, o.Error, o.ClaimsHeld, o.ClaimsChecked)),
                     root.Select(o => (o.Experiment.Id, o.Status, o.Error, o.ClaimsHeld, o.ClaimsChecked)));
        Assert.Equal(alone.Select(o => o.Experiment.Id).Order(), finishedOnRoot.Order());
        for (int r = 1; r < size; r++) Assert.Equal(new RankShare(r, size, _ => null).Select(Catalog()).Count, perRank[r].Count);

        // Byte for byte, but for the run's clock (seconds and finish time) in report.md and report.json.
        Assert.Equal(Files(single.Path), Files(shared.Path));
        foreach (string file in Files(single.Path))
            if (!file.EndsWith("report.md") && !file.EndsWith("report.json") && !file.EndsWith(".html"))
                Assert.Equal(File.ReadAllBytes(Path.Combine(single.Path, file)), File.ReadAllBytes(Path.Combine(shared.Path, file)));
        string index = File.ReadAllText(Path.Combine(shared.Path, ReportIndex.FileName));
        Assert.Contains("b/three diverged", index);
        Assert.Contains("c/five/report.md", index);
    }

    [Fact]
    public void ACorruptBundleIsAnErrorNamingIt()
    {
        using var shared = new TempFolder();
        var error = Assert.Throws<AggregateException>(() => RunAsThreads(2, share => new ExperimentRunner(shared.Path, ExperimentSize.Quick)
        {
            Ranks = share with { GatherToRoot = payload => share.GatherToRoot(share.IsRoot ? payload : [1, 2, 3]) },
        }.Run(Catalog())));
        var corrupt = Assert.Single(error.InnerExceptions);
        Assert.IsType<InvalidDataException>(corrupt);
        Assert.StartsWith("rank 1's reports arrived corrupt", corrupt.Message);
    }

    private static string[] Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> threads joined by an in-memory gather.</summary>
    private static T[] RunAsThreads<T>(int size, Func<RankShare, T> body)
    {
        var slots = new byte[size][];
        using var barrier = new Barrier(size);
        byte[][]? Gather(int rank, byte[] payload)
        {
            slots[rank] = payload;
            barrier.SignalAndWait();
            var all = rank == 0 ? slots.ToArray() : null;
            barrier.SignalAndWait();
            return all;
        }
        var results = new T[size];
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, size).Select(r => new Thread(() =>
        {
            try { results[r] = body(new RankShare(r, size, p => Gather(r, p))); }
            catch (Exception e) { lock (errors) errors.Add(e); barrier.RemoveParticipant(); }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (errors.Count > 0) throw new AggregateException(errors);
        return results;
    }
}
