namespace AlignLab.Reports.Plots;

/// <summary>Colors shared by every plot, so a method keeps its color across figures of a report.</summary>
public static class Palette
{
    // Okabe-Ito: distinguishable under the common color-vision deficiencies, and in grayscale print.
    private static readonly string[] SeriesColors =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    // Viridis anchors: perceptually uniform and monotone in lightness, so heatmaps read correctly in gray.
    private static readonly (double R, double G, double B)[] Viridis =
    [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ];

    public const string Axis = "#333333";
    public const string Grid = "#e6e6e6";
    public const string Reference = "#777777";
    public const string Missing = "#d9d9d9";

    /// <summary>Color of the <paramref name="index"/>-th series; cycles after eight.</summary>
    public static string Series(int index) => SeriesColors[((index % SeriesColors.Length) + SeriesColors.Length) % SeriesColors.Length];

    /// <summary>Sequential color for <paramref name="t"/> in [0, 1] (clamped); NaN gives <see cref="Missing"/>.</summary>
    public static string Sequential(double t)
    {
        if (double.IsNaN(t)) return Missing;
        t = Math.Clamp(t, 0, 1) * (Viridis.Length - 1);
        int i = Math.Min((int)t, Viridis.Length - 2);
        double f = t - i;
        var (r0, g0, b0) = Viridis[i];
        var (r1, g1, b1) = Viridis[i + 1];
        return Hex(r0 + f * (r1 - r0), g0 + f * (g1 - g0), b0 + f * (b1 - b0));
    }

    /// <summary>Whether text drawn over <see cref="Sequential"/>(t) should be white rather than black.</summary>
    public static bool IsDark(double t) => !double.IsNaN(t) && t < 0.55;

    private static string Hex(double r, double g, double b) =>
        $"#{(int)Math.Round(r):x2}{(int)Math.Round(g):x2}{(int)Math.Round(b):x2}";
}
