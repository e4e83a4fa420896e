using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>
/// The records of a sweep: for every point (a scenario) and trial, one record per arm, plus the per-(arm, point)
/// summaries. Trial t draws from seed <see cref="FirstSeed"/> + t (and the point, unless trials are paired).
/// </summary>
public sealed class SweepResult
{
    private readonly Dictionary<(string Arm, int Point), PointSummary> _byKey = new();

    public SweepResult(IReadOnlyList<MimoScenario> points, IReadOnlyList<MimoArm> arms, List<TrialRecord> records, int firstSeed, int trials)
    {
        Points = points; Arms = arms; Records = records; FirstSeed = firstSeed; Trials = trials;
        Summaries = PointSummary.Summarize(records);
        foreach (var s in Summaries) _byKey[(s.Arm, s.Point)] = s;
    }

    public IReadOnlyList<MimoScenario> Points { get; }
    public IReadOnlyList<MimoArm> Arms { get; }
    public List<TrialRecord> Records { get; }
    public List<PointSummary> Summaries { get; }
    public int FirstSeed { get; }
    public int Trials { get; }
    /// <summary>"seeds 1000–1019": the trial seeds, as a report prints them.</summary>
    public string SeedText => ReportFormat.Seeds(FirstSeed, Trials);

    public PointSummary this[MimoArm arm, int point] => _byKey[(arm.Label, point)];

    /// <summary>The summaries of one arm over the points, in point order.</summary>
    public IReadOnlyList<PointSummary> Curve(MimoArm arm)
    {
        var list = new List<PointSummary>(Points.Count);
        for (int p = 0; p < Points.Count; p++) list.Add(this[arm, p]);
        return list;
    }

    /// <summary>Mean ‖H‖²_F over the trials of one point (each trial counted once), or of all points.</summary>
    public double MeanChannelEnergy(int? point = null)
    {
        double sum = 0; int n = 0;
        var first = Arms[0].Label;
        foreach (var r in Records)
            if (r.Arm == first && (point is null || r.Point == point)) { sum += r.ChannelEnergy; n++; }
        return n == 0 ? double.NaN : sum / n;
    }
}

/// <summary>Runs arms × points × trials for an experiment, with progress and cancellation from its context.</summary>
public static class MimoSweep
{
    /// <summary>Run seed s stands for the trial seeds 1000·s, 1000·s + 1, …</summary>
    public static int FirstSeed(ExperimentContext context) => checked(1000 * context.Seed);

    /// <param name="pairedTrials">Every point's trial t uses the same channel and feedback draws (point 0's stream),
    /// for comparing settings on identical problems.</param>
    public static SweepResult Run(IReadOnlyList<MimoScenario> points, IReadOnlyList<MimoArm> arms, int trials,
                                  ExperimentContext context, string stage, bool pairedTrials = false)
    {
        int first = FirstSeed(context);
        var results = MonteCarlo.Run(points.Count, trials, context.Threads,
            (p, t) =>
            {
                context.Cancel.ThrowIfCancellationRequested();
                return MimoTrial.Run(points[p], arms, first + t, p, t, seedPoint: pairedTrials ? 0 : null);
            },
            context.Cancel,
            (done, total) => context.Progress?.Report(new ExperimentProgress(stage, (double)done / total, $"{done}/{total} trials")));
        var records = new List<TrialRecord>(points.Count * trials * arms.Count);
        for (int p = 0; p < points.Count; p++)
            for (int t = 0; t < trials; t++)
                records.AddRange(results[p][t]);
        return new SweepResult(points, arms, records, first, trials);
    }
}
