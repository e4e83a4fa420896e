using System.Globalization;

namespace AlignLab.Reports;

/// <summary>
/// Number formats every report shares, in the invariant culture, so that a table reads the same on any machine.
/// A value a run could not produce (NaN) prints as "n/a", never as a number.
/// </summary>
public static class Format
{
    public const string Missing = "n/a";

    /// <summary>3 significant digits; scientific notation outside [1e-3, 1e4).</summary>
    public static string G(double value)
    {
        if (double.IsNaN(value)) return Missing;
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (value == 0) return "0";
        double a = Math.Abs(value);
        return a >= 1e-3 && a < 1e4
            ? value.ToString("G3", CultureInfo.InvariantCulture)
            : value.ToString("0.##e+0", CultureInfo.InvariantCulture);
    }

    /// <summary>A fixed-point or custom .NET format ("F3", "0.0"), invariant culture.</summary>
    public static string F(double value, string format = "F3") =>
        double.IsNaN(value) ? Missing : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage: 0.853 → "85 %" (or "85.30 %" with two decimals).</summary>
    public static string Percent(double fraction, int decimals = 0) =>
        double.IsNaN(fraction) ? Missing : (100 * fraction).ToString("F" + decimals, CultureInfo.InvariantCulture) + " %";

    /// <summary>An integer with thousands separators: 12345 → "12,345".</summary>
    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A value with an explicit sign and a true minus: "+1.20", "−0.40", "+0.00" (never "−0.00").</summary>
    public static string Signed(double value, string format = "F2")
    {
        if (double.IsNaN(value)) return Missing;
        string magnitude = Math.Abs(value).ToString(format, CultureInfo.InvariantCulture);
        bool zero = double.Parse(magnitude, CultureInfo.InvariantCulture) == 0;
        return (value < 0 && !zero ? "−" : "+") + magnitude;
    }

    /// <summary>"mean ± sd" (sample sd) over seeds; <see cref="Missing"/> when there is none or any is NaN.</summary>
    public static string MeanSd(IReadOnlyList<double> values, string format = "F3")
    {
        if (values.Count == 0) return Missing;
        foreach (double v in values) if (double.IsNaN(v)) return Missing;
        double mean = 0, squares = 0;
        foreach (double v in values) mean += v;
        mean /= values.Count;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double sd = values.Count > 1 ? Math.Sqrt(squares / (values.Count - 1)) : 0;
        return $"{F(mean, format)} ± {F(sd, format)}";
    }

    /// <summary>A list of integers as readers write it: "10, 20, 40".</summary>
    public static string List(IEnumerable<int> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
