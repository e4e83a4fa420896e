using AlignLab.Core.Numerics;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static System.FormattableString;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>What one NMSE-vs-feedback-bits run sweeps: the array, the bit budgets and the trial seeds.</summary>
public sealed record NmseVsBitsSettings(int Nr, int Nt, int Paths, int[] FeedbackBits, SeedRange Seeds, int BitsPerMeasurement = 3)
{
    public int ModelPaths => Paths;
    public string Channel => "ULA, uniform angles in ±86°, ≥ 4° apart, |β| ~ U[0.5, 1]/√K";
    public string Dither => "none added (code default); base station σ = 1 scaled unit";
    public RedeemSettings Redeem { get; init; } = new();
    public IReadOnlyList<string> Methods => NmseVsBitsExperiment.Arms.Select(a => a.Label).ToList();

    public MimoScenario[] Points() =>
        FeedbackBits.Select(b => MimoScenario.ForFeedbackBits(Nr, Nt, Paths, b, new QuantizerSettings(BitsPerMeasurement)) with { Redeem = Redeem }).ToArray();
}

/// <summary>
/// NMSE and beamforming gain against feedback bits for REDEEM with both schemes and the baselines: the paper's
/// headline setting (24×32, K = 8), checked against the official figure, and a small setting (12×16, K = 4) that is
/// not in the paper, checked against our own thresholds.
/// </summary>
public sealed class NmseVsBitsExperiment(string id, string title, bool headline, NmseVsBitsSettings quick, NmseVsBitsSettings full)
    : Experiment<NmseVsBitsSettings, SweepResult>
{
    public static NmseVsBitsExperiment Small { get; } = new("mimo/nmse-vs-bits-small", "NMSE vs feedback bits, 12x16 array, K = 4, 3-bit (small setup)", false,
        new(12, 16, 4, [150, 300, 600], SeedRange.FromRunSeed(1, 16)), new(12, 16, 4, [150, 225, 300, 450, 600, 900], SeedRange.FromRunSeed(1, 30)));

    public static NmseVsBitsExperiment Headline { get; } = new("mimo/nmse-vs-bits",
        "NMSE and beamforming gain vs feedback bits, 24x32 array, K = 8, 3-bit (the paper's figure)", true,
        new(24, 32, 8, [300, 450, 600, 1500], SeedRange.FromRunSeed(1, 3)), new(24, 32, 8, [150, 300, 450, 600, 900, 1200, 1500], SeedRange.FromRunSeed(1, 20)));

    public override string Id => id;
    public override string Paper => PaperReference.Paper;
    public override string Title => title;
    public override NmseVsBitsSettings Quick => quick;
    public override NmseVsBitsSettings Full => full;
    /// <summary>Whether this is the paper's setting, compared with the official figure.</summary>
    public bool IsHeadline => headline;

    public static readonly MimoArm RedeemS1 = MimoArm.Of(MimoMethod.Redeem, 1);
    public static readonly MimoArm RedeemS2 = MimoArm.Of(MimoMethod.Redeem, 2);
    public static readonly MimoArm Sparse = MimoArm.Of(MimoMethod.SparseMle, 1);
    public static readonly MimoArm LsRelax = MimoArm.Of(MimoMethod.LsRelax, 1);
    public static readonly MimoArm Ls = MimoArm.Of(MimoMethod.LeastSquares, 1);
    public static readonly MimoArm Mle = MimoArm.Of(MimoMethod.UnstructuredMle, 1);
    public static IReadOnlyList<MimoArm> Arms { get; } = [RedeemS1, RedeemS2, Sparse, LsRelax, Ls, Mle];

    public override NmseVsBitsSettings SettingsFor(ExperimentContext context)
    {
        var settings = base.SettingsFor(context);
        return settings with { Seeds = SeedRange.FromRunSeed(context.Seed, settings.Seeds.Count) };
    }

    // Same channels at every budget, as the official code gets by re-seeding rng(42) for each run.
    public override SweepResult Measure(NmseVsBitsSettings settings, ExperimentContext context) =>
        MimoSweep.Run(settings.Points(), Arms, settings.Seeds, context, context.Stage("trials"), pairedTrials: true);

    protected override void Describe(Report report, NmseVsBitsSettings settings, SweepResult sweep)
    {
        var at = new Budgets(sweep, settings.FeedbackBits);
        report.Tables.Add(MimoFormat.SummaryTable("Per point and method (NMSE averaged linearly over trials, then in dB)", sweep, p => $"{at.Bits[p]} bits"));
        if (headline) report.Tables.Add(PaperComparisonTable(at));
        report.Figures.AddRange(NmseVsBitsFigures.Build(sweep, settings, headline));
        report.Claims.AddRange(ClaimSpec<Budgets>.Check(headline ? NmseVsBitsClaims.ForHeadline : NmseVsBitsClaims.ForSmall, at));
        report.Metrics["summaries"] = MimoFormat.SummaryMetrics(sweep);
        report.Metrics["trials"] = sweep.Records;
        report.Metrics["mean_channel_energy"] = sweep.MeanChannelEnergy();
        report.Summary = MimoFormat.Summary(
            Invariant($"{settings.Nr}×{settings.Nt} channels (Nr × Nt) with K = {settings.Paths} paths, {settings.BitsPerMeasurement}-bit quantization, ") +
            Invariant($"{settings.Seeds.Count} trials per point ({settings.Seeds}), feedback budgets {Format.List(at.Bits)} bits. ") +
            "Every method and every budget sees the same channels (trial t draws the same H at each point, as the official code's " +
            "rng(42) per run does); Scheme 1 and Scheme 2 get their own pilots and sketches. " +
            Invariant($"Mean ‖H‖²_F over the trials: {sweep.MeanChannelEnergy():F1} (generator expectation Nr·Nt·7/12 = {settings.Nr * settings.Nt * 7.0 / 12:F1})."),
            "REDEEM NMSE (dB) per budget: " + string.Join("; ", at.Bits.Select(b =>
                Invariant($"{b} bits: S1 {at.Db(RedeemS1, b):F1}, S2 {at.Db(RedeemS2, b):F1}, SparseMLE {at.Db(Sparse, b):F1}"))) + ".",
            // a linear mean over trials moves by dBs when one trial fails, so the reader gets the median and the worst trial too
            "REDEEM S1 per-trial NMSE, median / worst (dB): " + string.Join("; ", at.Bits.Select((b, p) =>
                Invariant($"{b} bits: {Stats.Median(sweep.TrialsDb(RedeemS1, p)):F1} / {sweep.TrialsDb(RedeemS1, p).Max():F1}"))) + ".",
            headline
                ? "Every threshold below is ours. NMSE thresholds sit 1–2 dB above the official figure's values, because the official " +
                  "values are read off a plot (±10 %) and ours are means of a few trials. The transition is tested as no recovery (≥ −3 dB) " +
                  "up to 300 bits and a drop of ≥ 8 dB from 300 to 450 bits for each scheme (the official drops are 13.6 and 10.6 dB). " +
                  "BGain is compared with the mean ‖H‖²_F of the same trials, because that is its ceiling and it varies with the drawn channels."
                : "This small setting is not in the paper, so every threshold is ours: each NMSE threshold sits about 3 dB above what an " +
                  "independent implementation of the same algorithm reached at this size, to leave room for trial noise. The LS claim is the " +
                  "bound 10·log10(1 − R/P) that follows from LS seeing only R of the P = 2·Nr·Nt real dimensions.");
    }

    private static Table PaperComparisonTable(Budgets at) => new("Ours next to the official figure (values read off the plot, ±10 %)",
        ["feedback bits", "REDEEM S1 (ours)", "REDEEM S1 (paper)", "REDEEM S2 (ours)", "REDEEM S2 (paper)",
         "SparseMLE grid S1 (ours)", "SparseMLE Scheme 1 (paper)", "BGain REDEEM S1 (ours)", "BGain SparseMLE (ours)"],
        at.Bits.Select(b => (IReadOnlyList<string>)
            [Format.Int(b), MimoFormat.Db(at.Db(RedeemS1, b)), NmseVsBitsClaims.PaperDb("REDEEM Scheme 1", b), MimoFormat.Db(at.Db(RedeemS2, b)),
             NmseVsBitsClaims.PaperDb("REDEEM Scheme 2", b), MimoFormat.Db(at.Db(Sparse, b)), NmseVsBitsClaims.PaperDb("SparseMLE (Scheme 1)", b),
             Format.F(at[RedeemS1, b].StreamGain, "F1"), Format.F(at[Sparse, b].StreamGain, "F1")]).ToList());
}
