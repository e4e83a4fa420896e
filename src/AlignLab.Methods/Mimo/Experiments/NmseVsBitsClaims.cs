using AlignLab.Reports;
using static System.FormattableString;
using static AlignLab.Methods.Mimo.Experiments.NmseVsBitsExperiment;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>
/// The claims of the NMSE-vs-bits reports: the small setting's against our own thresholds, the paper's setting against
/// the official figure. A claim about a budget the run did not sweep is left out.
/// </summary>
internal static class NmseVsBitsClaims
{
    public static ClaimSpec<Budgets>[] ForSmall { get; } =
    [
        OurThreshold(RedeemS1, 300, -18, "−21.9 dB"),
        OurThreshold(RedeemS1, 600, -21, "−24.1 dB"),
        OurThreshold(RedeemS2, 300, -12, "−15.3 dB"),
        OurThreshold(RedeemS2, 600, -19, "−21.7 dB"),
        new("Scheme 1 is at least as good as Scheme 2 at every budget ≥ 300 bits",
            at => string.Join(", ", at.From(300).Select(b => Invariant($"{b}: {at.Db(RedeemS1, b):F1} vs {at.Db(RedeemS2, b):F1} dB"))),
            "qualitative in the paper: Scheme 2 needs more bits (official 24×32 figure: ≈ 1.2–1.5× for the same NMSE)",
            at => at.From(300).All(b => at.Db(RedeemS1, b) <= at.Db(RedeemS2, b))),
        new("Dequantized LS cannot recover H from R < P measurements: NMSE ≥ 10·log10(1 − R/P) at every budget",
            at => string.Join(", ", at.Bits.Select(b => Invariant($"{b}: {at.Db(Ls, b):F1} (bound {LsBoundDb(at.Scenario(b)):F1}) dB"))),
            "not stated in the paper; the bound follows from LS seeing R of P dimensions (our tolerance 0.2 dB for trial noise)",
            at => at.Bits.All(b => at.Db(Ls, b) >= LsBoundDb(at.Scenario(b)) - 0.2)),
        new("At 600 bits REDEEM-S1 is ≥ 8 dB below SparseMLE (grid)",
            at => Invariant($"{at.Db(RedeemS1, 600):F1} vs {at.Db(Sparse, 600):F1} dB (gap {GapTo(at, Sparse, 600):F1} dB)"),
            "not stated for 12×16; in the official 24×32 figure SparseMLE (Scheme 1) trails REDEEM by 13 dB at 600 bits. Our threshold 8 dB, " +
            "because our grid baseline is our own version (the paper's definition could not be read)", at => at.Db(RedeemS1, 600) <= at.Db(Sparse, 600) - 8, At(600)),
        new("At 600 bits REDEEM-S1 is below LS+RELAX (the ADMM iterations matter, not only the structure)",
            at => Invariant($"{at.Db(RedeemS1, 600):F1} vs {at.Db(LsRelax, 600):F1} dB"), "not stated in the paper (LS+RELAX is our baseline)",
            at => at.Db(RedeemS1, 600) < at.Db(LsRelax, 600), At(600)),
    ];

    public static ClaimSpec<Budgets>[] ForHeadline { get; } =
    [
        // The official curves fall steeply between 300 and 450 bits, made concrete: no recovery up to 300 bits, then
        // a drop of ≥ 8 dB in one 150-bit step for each scheme (the official figure's: 13.6 and 10.6 dB).
        new("Sharp transition between 300 and 450 bits: no recovery (≥ −3 dB) up to 300 bits, then each scheme drops ≥ 8 dB by 450 bits",
            at => Invariant($"best at ≤ 300 bits {BestUpTo300(at):F1} dB; drop 300→450: S1 {Drop(at, RedeemS1):F1} dB, S2 {Drop(at, RedeemS2):F1} dB"),
            "S1 −3.0 → −16.6 dB (13.6 dB), S2 −2.2 → −12.8 dB (10.6 dB)",
            at => BestUpTo300(at) >= -3 && Drop(at, RedeemS1) >= 8 && Drop(at, RedeemS2) >= 8, at => at.Has(300) && at.Has(450)),
        PaperThreshold(RedeemS1, "REDEEM Scheme 1", 450, -15),
        PaperThreshold(RedeemS1, "REDEEM Scheme 1", 600, -19),
        PaperThreshold(RedeemS1, "REDEEM Scheme 1", 1500, -22.5),
        PaperThreshold(RedeemS2, "REDEEM Scheme 2", 600, -17),
        PaperThreshold(RedeemS2, "REDEEM Scheme 2", 1500, -20.5),
        new("Scheme 1 is ahead of Scheme 2 at every budget from 450 bits on",
            at => string.Join(", ", at.From(450).Select(b => Invariant($"{b}: S2 − S1 = {at.Db(RedeemS2, b) - at.Db(RedeemS1, b):+0.0;−0.0} dB"))),
            "≈ +2 dB (450: +3.8, 600: +1.8, 1500: +1.8)", at => at.From(450).All(b => at.Db(RedeemS1, b) < at.Db(RedeemS2, b)), at => at.From(450).Length > 0),
        new("At 1500 bits both REDEEM schemes are ≥ 8 dB below the grid baseline",
            at => Invariant($"S1 {at.Db(RedeemS1, 1500):F1}, S2 {at.Db(RedeemS2, 1500):F1}, SparseMLE (grid) {at.Db(Sparse, 1500):F1} dB: ") +
                  Invariant($"gaps {GapTo(at, Sparse, 1500):F1} / {GapTo(at, Sparse, 1500, RedeemS2):F1} dB"),
            "−24.2 / −22.4 vs SparseMLE (Scheme 1) −12.9 dB: gaps ≈ 11 / 9.5 dB; our threshold 8 dB, for trial noise",
            at => GapTo(at, Sparse, 1500) >= 8 && GapTo(at, Sparse, 1500, RedeemS2) >= 8, At(1500)),
        new("BGain is the K-stream SVD gain: REDEEM plateaus at E‖H‖²_F while the single-stream gain is far lower",
            at => Invariant($"K-stream {at[RedeemS1, 1500].StreamGain:F1}, single-stream {at[RedeemS1, 1500].SingleStreamGain:F1}; mean ‖H‖²_F {at.Sweep.MeanChannelEnergy():F1}"),
            "plateau ≈ 447 (E‖H‖²_F = 448); our tolerance 5 % of ‖H‖²_F, single-stream below half",
            at => Math.Abs(at[RedeemS1, 1500].StreamGain / at.Sweep.MeanChannelEnergy() - 1) < 0.05
                  && at[RedeemS1, 1500].SingleStreamGain < 0.5 * at.Sweep.MeanChannelEnergy(), At(1500)),
        // BGain is bounded by ‖H‖²_F of the very channels of a point, so it is compared with their mean energy.
        new("From 600 bits on REDEEM's BGain is ≥ 96 % of the ceiling ‖H‖²_F, above the grid baseline",
            at => Invariant($"lowest REDEEM {LowestRedeemShare(at):P1}") +
                  (at.Has(600) ? Invariant($"; at 600 bits REDEEM S1 {at.GainShare(RedeemS1, 600):P1}, SparseMLE (grid) {at.GainShare(Sparse, 600):P1}") : ""),
            "REDEEM 444–446 of 448 (99 %); SparseMLE (Scheme 1) 396 (88 %) at 600, 438 at 1500; our threshold 96 %, 3 points under the official level for trial noise",
            at => LowestRedeemShare(at) >= 0.96 && (!at.Has(600) || at.GainShare(Sparse, 600) < Math.Min(at.GainShare(RedeemS1, 600), at.GainShare(RedeemS2, 600))),
            at => at.From(600).Length > 0),
    ];

    private static Func<Budgets, bool> At(int bits) => at => at.Has(bits);

    private static ClaimSpec<Budgets> OurThreshold(MimoArm arm, int bits, double limit, string reached) => new(
        Invariant($"{arm.Label} reaches ≤ {limit:F0} dB NMSE at {bits} bits"), at => MimoFormat.Db(at.Db(arm, bits)),
        $"not stated in the paper (no 12×16 figure); our threshold, because an independent implementation of the same algorithm reached {reached} here",
        at => at.Db(arm, bits) <= limit, At(bits));

    private static ClaimSpec<Budgets> PaperThreshold(MimoArm arm, string curve, int bits, double limit) => new(
        Invariant($"{arm.Label}: NMSE ≤ {limit:F1} dB at {bits} bits"), at => MimoFormat.Db(at.Db(arm, bits)), PaperDb(curve, bits), at => at.Db(arm, bits) <= limit, At(bits));

    public static string PaperDb(string curve, int bits) => MimoFormat.Db(ChannelMetrics.ToDb(PaperReference.NmseAt(curve, bits)));
    /// <summary>How far <paramref name="arm"/> (REDEEM-S1 unless named) is below <paramref name="baseline"/>, in dB.</summary>
    private static double GapTo(Budgets at, MimoArm baseline, int bits, MimoArm? arm = null) => at.Db(baseline, bits) - at.Db(arm ?? RedeemS1, bits);
    private static double Drop(Budgets at, MimoArm arm) => at.Db(arm, 300) - at.Db(arm, 450);
    private static double BestUpTo300(Budgets at) => at.Bits.Where(b => b <= 300).Min(b => Math.Min(at.Db(RedeemS1, b), at.Db(RedeemS2, b)));
    private static double LowestRedeemShare(Budgets at) => at.From(600).Min(b => Math.Min(at.GainShare(RedeemS1, b), at.GainShare(RedeemS2, b)));
    // LS only sees the row space of M: its NMSE cannot beat 1 − R/P.
    private static double LsBoundDb(MimoScenario p) => ChannelMetrics.ToDb(1 - (double)p.Measurements / (2 * p.Rows * p.Columns));
}
