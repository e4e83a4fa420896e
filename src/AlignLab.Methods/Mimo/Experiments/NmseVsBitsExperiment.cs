using System.Globalization;
using AlignLab.Core.Numerics;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

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
        int[] bits = settings.FeedbackBits;
        report.Tables.Add(MimoFormat.SummaryTable("Per point and method (NMSE averaged linearly over trials, then in dB)", sweep, p => $"{bits[p]} bits"));
        if (headline) report.Tables.Add(PaperComparisonTable(sweep, bits));
        report.Figures.AddRange(NmseVsBitsFigures.Build(sweep, bits, settings, headline));
        if (headline) AddHeadlineClaims(report, sweep, bits); else AddSmallClaims(report, sweep, bits);
        report.Metrics["summaries"] = MimoFormat.SummaryMetrics(sweep);
        report.Metrics["trials"] = sweep.Records;
        report.Metrics["mean_channel_energy"] = sweep.MeanChannelEnergy();
        report.Summary = Summary(sweep, settings);
    }

    private string Summary(SweepResult sweep, NmseVsBitsSettings settings)
    {
        var c = CultureInfo.InvariantCulture;
        int[] bits = settings.FeedbackBits;
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Format(c,
            "{0}×{1} channels (Nr × Nt) with K = {2} paths, {3}-bit quantization, {4} trials per point ({5}), feedback budgets {6} bits. " +
            "Every method and every budget sees the same channels (trial t draws the same H at each point, as the official code's " +
            "rng(42) per run does); Scheme 1 and Scheme 2 get their own pilots and sketches. " +
            "Mean ‖H‖²_F over the trials: {7:F1} (generator expectation Nr·Nt·7/12 = {8:F1}).",
            settings.Nr, settings.Nt, settings.Paths, settings.BitsPerMeasurement, settings.Seeds.Count, settings.Seeds, Format.List(bits),
            sweep.MeanChannelEnergy(), settings.Nr * settings.Nt * 7.0 / 12));
        text.AppendLine();
        text.AppendLine("REDEEM NMSE (dB) per budget: " + string.Join("; ", bits.Select((b, p) => string.Format(c, "{0} bits: S1 {1:F1}, S2 {2:F1}, SparseMLE {3:F1}",
            b, sweep[RedeemS1, p].NmseDb, sweep[RedeemS2, p].NmseDb, sweep[Sparse, p].NmseDb))) + ".");
        // a linear mean over trials moves by dBs when one trial fails, so the reader gets the median and the worst trial too
        text.AppendLine();
        text.AppendLine("REDEEM S1 per-trial NMSE, median / worst (dB): " + string.Join("; ", bits.Select((b, p) =>
        {
            var trials = sweep.Records.Where(r => r.Arm == RedeemS1.Label && r.Point == p).Select(r => r.NmseDb).ToArray();
            return string.Format(c, "{0} bits: {1:F1} / {2:F1}", b, Stats.Median(trials), trials.Max());
        })) + ".");
        text.AppendLine();
        if (headline)
            text.AppendLine("Every threshold below is ours. NMSE thresholds sit 1–2 dB above the official figure's values, because the official " +
                            "values are read off a plot (±10 %) and ours are means of a few trials. The transition is tested as no recovery (≥ −3 dB) " +
                            "up to 300 bits and a drop of ≥ 8 dB from 300 to 450 bits for each scheme (the official drops are 13.6 and 10.6 dB). " +
                            "BGain is compared with the mean ‖H‖²_F of the same trials, because that is its ceiling and it varies with the drawn channels.\n");
        else
            text.AppendLine("This small setting is not in the paper, so every threshold is ours: each NMSE threshold sits about 3 dB above what an " +
                            "independent implementation of the same algorithm reached at this size, to leave room for trial noise. The LS claim is the " +
                            "bound 10·log10(1 − R/P) that follows from LS seeing only R of the P = 2·Nr·Nt real dimensions.\n");
        text.AppendLine(ReportNotes.Implementation);
        return text.ToString();
    }

    private static int IndexOf(int[] bits, int b) => Array.IndexOf(bits, b);

    private static Table PaperComparisonTable(SweepResult sweep, int[] bits) => new("Ours next to the official figure (values read off the plot, ±10 %)",
        ["feedback bits", "REDEEM S1 (ours)", "REDEEM S1 (paper)", "REDEEM S2 (ours)", "REDEEM S2 (paper)",
         "SparseMLE grid S1 (ours)", "SparseMLE Scheme 1 (paper)", "BGain REDEEM S1 (ours)", "BGain SparseMLE (ours)"],
        bits.Select((b, p) => (IReadOnlyList<string>)
            [Format.Int(b), MimoFormat.Db(sweep[RedeemS1, p].NmseDb), PaperDb("REDEEM Scheme 1", b), MimoFormat.Db(sweep[RedeemS2, p].NmseDb),
             PaperDb("REDEEM Scheme 2", b), MimoFormat.Db(sweep[Sparse, p].NmseDb), PaperDb("SparseMLE (Scheme 1)", b),
             Format.F(sweep[RedeemS1, p].StreamGain, "F1"), Format.F(sweep[Sparse, p].StreamGain, "F1")]).ToList());

    private static string PaperDb(string curve, int bits) => MimoFormat.Db(ChannelMetrics.ToDb(PaperReference.NmseAt(curve, bits)));

    private static void AddSmallClaims(Report report, SweepResult sweep, int[] bits)
    {
        var c = CultureInfo.InvariantCulture;
        void Threshold(MimoArm arm, int b, double limit, string reached)
        {
            int p = IndexOf(bits, b);
            if (p < 0) return;
            double db = sweep[arm, p].NmseDb;
            report.Claims.Add(new Claim(string.Format(c, "{0} reaches ≤ {1:F0} dB NMSE at {2} bits", arm.Label, limit, b),
                                        MimoFormat.Db(db), $"not stated in the paper (no 12×16 figure); our threshold, because an independent implementation of the same algorithm reached {reached} here", db <= limit));
        }
        Threshold(RedeemS1, 300, -18, "−21.9 dB");
        Threshold(RedeemS1, 600, -21, "−24.1 dB");
        Threshold(RedeemS2, 300, -12, "−15.3 dB");
        Threshold(RedeemS2, 600, -19, "−21.7 dB");

        var from300 = Enumerable.Range(0, bits.Length).Where(p => bits[p] >= 300).ToArray();
        report.Claims.Add(new Claim("Scheme 1 is at least as good as Scheme 2 at every budget ≥ 300 bits",
            string.Join(", ", from300.Select(p => string.Format(c, "{0}: {1:F1} vs {2:F1} dB", bits[p], sweep[RedeemS1, p].NmseDb, sweep[RedeemS2, p].NmseDb))),
            "qualitative in the paper: Scheme 2 needs more bits (official 24×32 figure: ≈ 1.2–1.5× for the same NMSE)", from300.All(p => sweep[RedeemS1, p].NmseDb <= sweep[RedeemS2, p].NmseDb)));

        // LS only sees the row space of M: its NMSE cannot beat 1 − R/P.
        var lsMargins = Enumerable.Range(0, bits.Length).Select(p =>
        {
            double bound = ChannelMetrics.ToDb(1 - (double)sweep.Points[p].Measurements / (2 * sweep.Points[p].Rows * sweep.Points[p].Columns));
            return (Bits: bits[p], Ls: sweep[Ls, p].NmseDb, Bound: bound);
        }).ToArray();
        report.Claims.Add(new Claim("Dequantized LS cannot recover H from R < P measurements: NMSE ≥ 10·log10(1 − R/P) at every budget",
            string.Join(", ", lsMargins.Select(m => string.Format(c, "{0}: {1:F1} (bound {2:F1}) dB", m.Bits, m.Ls, m.Bound))),
            "not stated in the paper; the bound follows from LS seeing R of P dimensions (our tolerance 0.2 dB for trial noise)", lsMargins.All(m => m.Ls >= m.Bound - 0.2)));

        int p600 = IndexOf(bits, 600);
        if (p600 >= 0)
        {
            double redeem = sweep[RedeemS1, p600].NmseDb, sparse = sweep[Sparse, p600].NmseDb, lsRelax = sweep[LsRelax, p600].NmseDb;
            report.Claims.Add(new Claim("At 600 bits REDEEM-S1 is ≥ 8 dB below SparseMLE (grid)",
                string.Format(c, "{0:F1} vs {1:F1} dB (gap {2:F1} dB)", redeem, sparse, sparse - redeem),
                "not stated for 12×16; in the official 24×32 figure SparseMLE (Scheme 1) trails REDEEM by 13 dB at 600 bits. Our threshold 8 dB, " +
                "because our grid baseline is our own version (the paper's definition could not be read)", redeem <= sparse - 8));
            report.Claims.Add(new Claim("At 600 bits REDEEM-S1 is below LS+RELAX (the ADMM iterations matter, not only the structure)",
                string.Format(c, "{0:F1} vs {1:F1} dB", redeem, lsRelax), "not stated in the paper (LS+RELAX is our baseline)", redeem < lsRelax));
        }
    }

    private static void AddHeadlineClaims(Report report, SweepResult sweep, int[] bits)
    {
        var c = CultureInfo.InvariantCulture;

        // The official curves fall steeply between 300 and 450 bits, made concrete: no recovery up to 300 bits, then
        // a drop of ≥ 8 dB in one 150-bit step for each scheme (the official figure's: 13.6 and 10.6 dB).
        var low = Enumerable.Range(0, bits.Length).Where(p => bits[p] <= 300).ToArray();
        int p300 = IndexOf(bits, 300), p450 = IndexOf(bits, 450);
        if (low.Length > 0 && p300 >= 0 && p450 >= 0)
        {
            double bestLow = low.Min(p => Math.Min(sweep[RedeemS1, p].NmseDb, sweep[RedeemS2, p].NmseDb));
            double drop1 = sweep[RedeemS1, p300].NmseDb - sweep[RedeemS1, p450].NmseDb, drop2 = sweep[RedeemS2, p300].NmseDb - sweep[RedeemS2, p450].NmseDb;
            report.Claims.Add(new Claim("Sharp transition between 300 and 450 bits: no recovery (≥ −3 dB) up to 300 bits, then each scheme drops ≥ 8 dB by 450 bits",
                string.Format(c, "best at ≤ 300 bits {0:F1} dB; drop 300→450: S1 {1:F1} dB, S2 {2:F1} dB", bestLow, drop1, drop2),
                "S1 −3.0 → −16.6 dB (13.6 dB), S2 −2.2 → −12.8 dB (10.6 dB)", bestLow >= -3 && drop1 >= 8 && drop2 >= 8));
        }

        void Threshold(MimoArm arm, string curve, int b, double limit)
        {
            int p = IndexOf(bits, b);
            if (p < 0) return;
            double db = sweep[arm, p].NmseDb;
            report.Claims.Add(new Claim(string.Format(c, "{0}: NMSE ≤ {1:F1} dB at {2} bits", arm.Label, limit, b), MimoFormat.Db(db), PaperDb(curve, b), db <= limit));
        }
        Threshold(RedeemS1, "REDEEM Scheme 1", 450, -15);
        Threshold(RedeemS1, "REDEEM Scheme 1", 600, -19);
        Threshold(RedeemS1, "REDEEM Scheme 1", 1500, -22.5);
        Threshold(RedeemS2, "REDEEM Scheme 2", 600, -17);
        Threshold(RedeemS2, "REDEEM Scheme 2", 1500, -20.5);

        var above = Enumerable.Range(0, bits.Length).Where(p => bits[p] >= 450).ToArray();
        if (above.Length > 0)
            report.Claims.Add(new Claim("Scheme 1 is ahead of Scheme 2 at every budget from 450 bits on",
                string.Join(", ", above.Select(p => string.Format(c, "{0}: S2 − S1 = {1:+0.0;−0.0} dB", bits[p], sweep[RedeemS2, p].NmseDb - sweep[RedeemS1, p].NmseDb))),
                "≈ +2 dB (450: +3.8, 600: +1.8, 1500: +1.8)", above.All(p => sweep[RedeemS1, p].NmseDb < sweep[RedeemS2, p].NmseDb)));

        int p1500 = IndexOf(bits, 1500);
        if (p1500 >= 0)
        {
            double s1 = sweep[RedeemS1, p1500].NmseDb, s2 = sweep[RedeemS2, p1500].NmseDb, grid = sweep[Sparse, p1500].NmseDb;
            report.Claims.Add(new Claim("At 1500 bits both REDEEM schemes are ≥ 8 dB below the grid baseline",
                string.Format(c, "S1 {0:F1}, S2 {1:F1}, SparseMLE (grid) {2:F1} dB: gaps {3:F1} / {4:F1} dB", s1, s2, grid, grid - s1, grid - s2),
                "−24.2 / −22.4 vs SparseMLE (Scheme 1) −12.9 dB: gaps ≈ 11 / 9.5 dB; our threshold 8 dB, for trial noise", grid - s1 >= 8 && grid - s2 >= 8));

            double energy = sweep.MeanChannelEnergy();
            var s = sweep[RedeemS1, p1500];
            report.Claims.Add(new Claim("BGain is the K-stream SVD gain: REDEEM plateaus at E‖H‖²_F while the single-stream gain is far lower",
                string.Format(c, "K-stream {0:F1}, single-stream {1:F1}; mean ‖H‖²_F {2:F1}", s.StreamGain, s.SingleStreamGain, energy),
                "plateau ≈ 447 (E‖H‖²_F = 448); our tolerance 5 % of ‖H‖²_F, single-stream below half", Math.Abs(s.StreamGain / energy - 1) < 0.05 && s.SingleStreamGain < 0.5 * energy));
        }
        // BGain is bounded by ‖H‖²_F of the very channels of a point, so it is compared with their mean energy.
        var from600 = Enumerable.Range(0, bits.Length).Where(p => bits[p] >= 600).ToArray();
        if (from600.Length > 0)
        {
            double Fraction(MimoArm arm, int p) => sweep[arm, p].StreamGain / sweep.MeanChannelEnergy(p);
            double minRedeem = from600.Min(p => Math.Min(Fraction(RedeemS1, p), Fraction(RedeemS2, p)));
            int p600 = IndexOf(bits, 600);
            string sparse600 = p600 >= 0 ? string.Format(c, "; at 600 bits REDEEM S1 {0:P1}, SparseMLE (grid) {1:P1}", Fraction(RedeemS1, p600), Fraction(Sparse, p600)) : "";
            report.Claims.Add(new Claim("From 600 bits on REDEEM's BGain is ≥ 96 % of the ceiling ‖H‖²_F, above the grid baseline",
                string.Format(c, "lowest REDEEM {0:P1}{1}", minRedeem, sparse600),
                "REDEEM 444–446 of 448 (99 %); SparseMLE (Scheme 1) 396 (88 %) at 600, 438 at 1500; our threshold 96 %, " +
                "3 points under the official level for trial noise",
                minRedeem >= 0.96 && (p600 < 0 || Fraction(Sparse, p600) < Math.Min(Fraction(RedeemS1, p600), Fraction(RedeemS2, p600)))));
        }
    }
}
