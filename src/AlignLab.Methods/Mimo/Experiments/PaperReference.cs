namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>
/// The official figure of record (repository rajeshshrestha/MIMO-estimation-from-bits, figures/PE11_nmse.png and
/// PE11_bgain.png: Nt = 32, Nr = 24, K = 8, b = 3), values read off the plots (about ±10 %).
/// </summary>
public static class PaperReference
{
    public const string Paper = "Downlink MIMO Channel Estimation from Bits: Recoverability and Algorithm (Shrestha, Shao, Hong, Ma, Fu; IEEE TSP 2025, arXiv 2411.16043)";

    public static IReadOnlyList<int> FeedbackBits { get; } = [150, 300, 450, 600, 900, 1200, 1500];

    /// <summary>Linear NMSE per curve of the official NMSE figure, at <see cref="FeedbackBits"/>.</summary>
    public static IReadOnlyDictionary<string, double[]> Nmse { get; } = new Dictionary<string, double[]>
    {
        ["REDEEM Scheme 1"] = [1.9, 0.5, 0.022, 0.010, 0.0065, 0.0048, 0.0038],
        ["REDEEM Scheme 2"] = [1.9, 0.6, 0.053, 0.015, 0.0094, 0.0071, 0.0057],
        ["SparseMLE (Scheme 1)"] = [0.85, 0.57, 0.35, 0.21, 0.10, 0.068, 0.051],
        ["EMMP"] = [1.6, 0.65, 0.21, 0.135, 0.078, 0.058, 0.050],
        ["SparseMLE"] = [0.9, 0.7, 0.55, 0.44, 0.31, 0.23, 0.17],
    };

    /// <summary>BGain values read off the official figure: (curve, bits, gain).</summary>
    public static IReadOnlyList<(string Curve, int Bits, double Gain)> BeamformingGain { get; } =
    [
        ("REDEEM", 450, 441), ("REDEEM", 600, 444), ("REDEEM", 900, 446), ("REDEEM", 1200, 446), ("REDEEM", 1500, 446),
        ("SparseMLE (Scheme 1)", 600, 396), ("SparseMLE (Scheme 1)", 1500, 438),
        ("EMMP", 600, 390), ("EMMP", 1500, 427),
        ("SparseMLE", 600, 282), ("SparseMLE", 1500, 388),
    ];

    /// <summary>The official BGain plateau, ≈ E‖H‖²_F = Nr·Nt·7/12 = 448 for the generator.</summary>
    public const double BeamformingCeiling = 447;

    public static double NmseAt(string curve, int bits)
    {
        int i = FeedbackBits.ToList().IndexOf(bits);
        return i < 0 ? double.NaN : Nmse[curve][i];
    }
}
