using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>
/// The records of a sweep: for every point (a scenario) and trial, one record per arm, plus the per-(arm, point)
/// summaries. Trial t draws from seed <see cref="Seeds"/>[t] (and the point, unless trials are paired).
/// </summary>
public sealed class SweepResult
{
    private readonly Dictionary<(string Arm, int Point), PointSummary> _byKey = new();

    public SweepResult(IReadOnlyList<MimoScenario> points, IReadOnlyList<MimoArm> arms, List<TrialRecord> records, SeedRange seeds)
    {
        Points = points; Arms = arms; Records = records; Seeds = seeds;
        Summaries = PointSummary.Summarize(records);
        foreach (var s in Summaries) _byKey[(s.Arm, s.Point)] = s;
    }

    public IReadOnlyList<MimoScenario> Points { get; }
    public IReadOnlyList<MimoArm> Arms { get; }
    public List<TrialRecord> Records { get; }
    public List<PointSummary> Summaries { get; }
    public SeedRange Seeds { get; }

    public PointSummary this[MimoArm arm, int point] => _byKey[(arm.Label, point)];

    /// <summary>The summaries of one arm over the points, in point order.</summary>
    public IReadOnlyList<PointSummary> Curve(MimoArm arm) => Enumerable.Range(0, Points.Count).Select(p => this[arm, p]).ToList();

    /// <summary>The per-trial NMSE (dB) of one arm at one point, in trial order.</summary>
    public double[] TrialsDb(MimoArm arm, int point) => Records.Where(r => r.Arm == arm.Label && r.Point == point).Select(r => r.NmseDb).ToArray();

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

/// <summary>Runs arms × points × seeds on the shared trial runner; the results do not depend on the thread count.</summary>
public static class MimoSweep
{
    /// <param name="pairedTrials">Every point's trial t uses the same channel and feedback draws (point 0's stream),
    /// for comparing settings on identical problems.</param>
    public static SweepResult Run(IReadOnlyList<MimoScenario> points, IReadOnlyList<MimoArm> arms, SeedRange seeds,
                                  ExperimentContext context, IProgress<double>? progress, bool pairedTrials = false) =>
        Run(points, arms, seeds, context.Threads, pairedTrials, progress, context.Cancel);

    public static SweepResult Run(IReadOnlyList<MimoScenario> points, IReadOnlyList<MimoArm> arms, SeedRange seeds, int threads,
                                  bool pairedTrials, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        var results = Trials.Map(points.Count, seeds.Count, threads,
            (p, t) => MimoTrial.Run(points[p], arms, seeds[t], p, t, seedPoint: pairedTrials ? 0 : null), cancel, progress);
        var records = new List<TrialRecord>(points.Count * seeds.Count * arms.Count);
        foreach (var point in results)
            foreach (var trial in point) records.AddRange(trial);
        return new SweepResult(points, arms, records, seeds);
    }
}
