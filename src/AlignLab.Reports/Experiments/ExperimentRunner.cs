using System.Diagnostics;

namespace AlignLab.Reports.Experiments;

public enum ExperimentStatus { Succeeded, Failed, Canceled }

/// <summary>
/// What happened to one experiment of a run. <see cref="Report"/> is set when it succeeded in this process; an
/// experiment another rank ran has only its claim counts here (its report is on disk).
/// </summary>
public sealed record ExperimentOutcome(IExperiment Experiment, ExperimentStatus Status, double Seconds,
                                       Report? Report = null, string? Error = null)
{
    public int ClaimsHeld { get; init; } = Report?.Claims.Count(c => c.Held) ?? 0;
    public int ClaimsChecked { get; init; } = Report?.Claims.Count ?? 0;
}

/// <summary>
/// Runs experiments one after another and writes each report, then the index. One experiment failing does not
/// stop the others; cancellation stops before the next experiment and writes no partial report.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly string _reportsRoot;
    private readonly ExperimentSize _size;
    private readonly int _seed, _threads;

    public ExperimentRunner(string reportsRoot, ExperimentSize size, int seed = 1, int threads = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportsRoot);
        if (seed < 0) throw new ArgumentException($"seed must be non-negative (got {seed})", nameof(seed));
        if (threads < 1) throw new ArgumentException($"threads must be at least 1 (got {threads})", nameof(threads));
        _reportsRoot = reportsRoot;
        _size = size;
        _seed = seed;
        _threads = threads;
    }

    /// <summary>Called with the experiment about to run; returns where its progress goes (or null).</summary>
    public Func<IExperiment, IProgress<ExperimentProgress>?>? ProgressFor { get; init; }

    /// <summary>Called after each experiment, whatever its outcome (on rank 0 also for the other ranks' experiments).</summary>
    public Action<ExperimentOutcome>? Finished { get; init; }

    /// <summary>Set to spread the experiments over the ranks of a distributed launch; every rank must call <see cref="Run"/>.</summary>
    public RankShare? Ranks { get; init; }

    /// <summary>
    /// Runs the experiments (this rank's share of them when <see cref="Ranks"/> is set). Rank 0, or the only process,
    /// returns every experiment's outcome in the given order and writes the index; other ranks return their own.
    /// </summary>
    public IReadOnlyList<ExperimentOutcome> Run(IReadOnlyList<IExperiment> experiments, CancellationToken cancel = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in experiments)
            if (!ids.Add(e.Id)) throw new ArgumentException($"experiment id '{e.Id}' is registered twice", nameof(experiments));

        if (Ranks is { Size: > 1 } share) return share.IsRoot ? RunAsRoot(experiments, share, cancel) : RunAsWorker(experiments, share, cancel);
        var outcomes = RunEach(experiments, _reportsRoot, cancel);
        WriteIndex(outcomes);
        return outcomes;
    }

    private IReadOnlyList<ExperimentOutcome> RunAsRoot(IReadOnlyList<IExperiment> experiments, RankShare share, CancellationToken cancel)
    {
        var byId = new Dictionary<string, ExperimentOutcome>(StringComparer.Ordinal);
        foreach (var o in RunEach(share.Select(experiments), _reportsRoot, cancel)) byId[o.Experiment.Id] = o;
        // Rank 0 wrote its reports in place, so it sends nothing; the others' arrive as bundles.
        var payloads = share.GatherToRoot([]) ?? throw new InvalidOperationException("rank 0 received no reports from the other ranks");
        var experimentById = experiments.ToDictionary(e => e.Id, StringComparer.Ordinal);
        for (int rank = 1; rank < payloads.Length; rank++)
            foreach (var shared in ReportBundle.Unpack(payloads[rank], _reportsRoot, rank))
            {
                if (!experimentById.TryGetValue(shared.Id, out var experiment))
                    throw new InvalidDataException($"rank {rank} reported experiment '{shared.Id}', which this run did not select");
                var outcome = new ExperimentOutcome(experiment, shared.Status, shared.Seconds, Error: shared.Error)
                {
                    ClaimsHeld = shared.ClaimsHeld,
                    ClaimsChecked = shared.ClaimsChecked,
                };
                byId[shared.Id] = outcome;
                Finished?.Invoke(outcome);
            }
        var outcomes = new List<ExperimentOutcome>(experiments.Count);
        foreach (var e in experiments)
            outcomes.Add(byId.TryGetValue(e.Id, out var o) ? o : new ExperimentOutcome(e, ExperimentStatus.Failed, 0, Error: "no rank reported it"));
        WriteIndex(outcomes);
        return outcomes;
    }

    /// <summary>Runs this rank's share into a private folder, then hands its reports to rank 0 (machines need not share a disk).</summary>
    private IReadOnlyList<ExperimentOutcome> RunAsWorker(IReadOnlyList<IExperiment> experiments, RankShare share, CancellationToken cancel)
    {
        string staging = Path.Combine(Path.GetTempPath(), $"alignlab-rank{share.Rank}-{Guid.NewGuid():N}");
        try
        {
            var outcomes = RunEach(share.Select(experiments), staging, cancel);
            share.GatherToRoot(ReportBundle.Pack(staging, outcomes));
            return outcomes;
        }
        finally
        {
            ReportWriter.TryDelete(staging);
        }
    }

    private List<ExperimentOutcome> RunEach(IReadOnlyList<IExperiment> experiments, string reportsRoot, CancellationToken cancel)
    {
        var outcomes = new List<ExperimentOutcome>(experiments.Count);
        foreach (var experiment in experiments)
        {
            var outcome = cancel.IsCancellationRequested
                ? new ExperimentOutcome(experiment, ExperimentStatus.Canceled, 0)
                : RunOne(experiment, reportsRoot, cancel);
            outcomes.Add(outcome);
            Finished?.Invoke(outcome);
        }
        return outcomes;
    }

    private void WriteIndex(IReadOnlyList<ExperimentOutcome> outcomes)
    {
        var problems = new List<IndexProblem>();
        foreach (var o in outcomes)
            if (o.Status == ExperimentStatus.Failed) problems.Add(new IndexProblem(o.Experiment.Id, "failed in the last run: " + o.Error));
        ReportIndex.Write(_reportsRoot, problems);
    }

    private ExperimentOutcome RunOne(IExperiment experiment, string reportsRoot, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var context = new ExperimentContext(_size, _seed, _threads, ProgressFor?.Invoke(experiment), cancel);
            var report = experiment.Run(context);
            cancel.ThrowIfCancellationRequested(); // a report finished after Ctrl+C is not written: the user asked to stop
            if (report.Id != experiment.Id)
                throw new InvalidDataException($"experiment '{experiment.Id}' returned a report with id '{report.Id}'");
            double seconds = clock.Elapsed.TotalSeconds;
            ReportWriter.Write(report, reportsRoot, new RunInfo(_size, _seed, _threads, seconds, DateTimeOffset.UtcNow));
            return new ExperimentOutcome(experiment, ExperimentStatus.Succeeded, seconds, report);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new ExperimentOutcome(experiment, ExperimentStatus.Canceled, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            return new ExperimentOutcome(experiment, ExperimentStatus.Failed, clock.Elapsed.TotalSeconds, Error: Describe(e));
        }
    }

    /// <summary>Library errors carry a message meant for people; anything else also needs its type to be understood.</summary>
    private static string Describe(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or InvalidOperationException or NotSupportedException
            ? e.Message
            : $"{e.GetType().Name}: {e.Message}";
}
