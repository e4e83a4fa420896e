using System.Globalization;

namespace AlignLab.Reports.Plots;

/// <summary>
/// One plot axis: its data range (widened to whole ticks), the ticks, and the data-to-pixel map.
/// Linear axes step by 1, 2 or 5 times a power of ten; log axes tick at decades.
/// </summary>
internal sealed class Axis
{
    private readonly double _pixelMin, _pixelMax;

    private Axis(bool log, IReadOnlyList<double> ticks, IReadOnlyList<double> minorTicks, double step, double pixelMin, double pixelMax)
    {
        Log = log;
        Ticks = ticks;
        MinorTicks = minorTicks;
        Step = step;
        Min = ticks[0];
        Max = ticks[^1];
        _pixelMin = pixelMin;
        _pixelMax = pixelMax;
    }

    public bool Log { get; }
    public double Min { get; }
    public double Max { get; }
    /// <summary>Linear: the tick spacing. Log: decades between labelled ticks.</summary>
    public double Step { get; }
    public IReadOnlyList<double> Ticks { get; }
    public IReadOnlyList<double> MinorTicks { get; }

    /// <summary>
    /// An axis covering <paramref name="values"/>; values that cannot be shown (NaN, infinite, non-positive on a
    /// log axis) are ignored. <paramref name="pixelMin"/> is where <see cref="Min"/> lands (the bottom for a y axis).
    /// </summary>
    public static Axis Fit(IEnumerable<double> values, bool log, double pixelMin, double pixelMax, bool includeZero = false, int targetTicks = 6)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!Plottable(v, log)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        if (includeZero && !log) { lo = Math.Min(lo, 0); hi = Math.Max(hi, 0); }
        if (log)
        {
            if (lo > hi) { lo = 1; hi = 10; }
            var (decades, minor, stride) = DecadeTicks(lo, hi);
            return new Axis(true, decades, minor, stride, pixelMin, pixelMax);
        }
        if (lo > hi) { lo = 0; hi = 1; }
        var ticks = LinearTicks(lo, hi, targetTicks, out double step);
        return new Axis(false, ticks, [], step, pixelMin, pixelMax);
    }

    public static bool Plottable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);

    public double Map(double v)
    {
        double t = Log
            ? (Math.Log10(v) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (v - Min) / (Max - Min);
        return _pixelMin + t * (_pixelMax - _pixelMin);
    }

    /// <summary>The tick label as SVG text content (escaped markup; decades get a superscript exponent).</summary>
    public string LabelMarkup(double tick)
    {
        if (!Log) return SvgBuilder.Escape(FormatLinear(tick, Step));
        int exponent = (int)Math.Round(Math.Log10(tick));
        return "10<tspan dy=\"-5\" font-size=\"9\">" + exponent.ToString(CultureInfo.InvariantCulture).Replace('-', '\u2212') + "</tspan>";
    }

    /// <summary>The smallest of 1, 2, 5 times a power of ten that is at least <paramref name="rawStep"/>.</summary>
    public static double NiceStep(double rawStep)
    {
        if (!(rawStep > 0) || !double.IsFinite(rawStep))
            throw new ArgumentOutOfRangeException(nameof(rawStep), rawStep, "tick step must be positive and finite");
        int exponent = (int)Math.Floor(Math.Log10(rawStep));
        foreach (int mantissa in (ReadOnlySpan<int>)[1, 2, 5, 10])
        {
            double step = Scale(mantissa, exponent);
            if (step >= rawStep * (1 - 1e-12)) return step;
        }
        return Scale(10, exponent); // unreachable: 10 * 10^floor(log10 x) > x
    }

    /// <summary>A nice step as mantissa (1, 2 or 5) times ten to the exponent.</summary>
    private static (long Mantissa, int Exponent) Decompose(double step)
    {
        int exponent = (int)Math.Floor(Math.Log10(step) + 1e-9);
        return ((long)Math.Round(step / Math.Pow(10, exponent)), exponent);
    }

    private static double FinerStep(double step)
    {
        var (mantissa, exponent) = Decompose(step);
        return mantissa switch { 5 => Scale(2, exponent), 2 => Scale(1, exponent), _ => Scale(5, exponent - 1) };
    }

    private static long TickCount(double lo, double hi, double step) =>
        (long)Math.Ceiling(hi / step - 1e-9) - (long)Math.Floor(lo / step + 1e-9) + 1;

    /// <summary>
    /// Ticks on a 1-2-5 step covering [lo, hi] (first tick &lt;= lo, last &gt;= hi), about <paramref name="target"/> of them.
    /// A constant range is widened around its value so nothing divides by zero.
    /// </summary>
    public static IReadOnlyList<double> LinearTicks(double lo, double hi, int target, out double step)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || lo > hi)
            throw new ArgumentException($"axis range [{lo}, {hi}] must be finite and ordered");
        if (hi - lo <= Math.Max(Math.Abs(lo), Math.Abs(hi)) * 1e-12)
        {
            double pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        step = NiceStep((hi - lo) / Math.Max(1, target - 1));
        // Rounding the step up can leave most of the axis empty (0.214 -> 0.5); the next finer step wins when it
        // still gives a readable number of ticks.
        double finer = FinerStep(step);
        if (TickCount(lo, hi, finer) <= target + 2) step = finer;
        var (mantissa, exponent) = Decompose(step);
        long first = (long)Math.Floor(lo / step + 1e-9), count = TickCount(lo, hi, step);
        var ticks = new List<double>((int)count);
        // k * mantissa is an exact integer, so scaling it by an exact power of ten gives the nearest double to the
        // decimal tick (0.3, not 0.30000000000000004).
        for (long k = first; k < first + count; k++) ticks.Add(Scale(k * mantissa, exponent));
        return ticks;
    }

    /// <summary>Decade ticks 10^k covering [lo, hi] (both positive); more than ten decades are labelled every few.</summary>
    public static (IReadOnlyList<double> Ticks, IReadOnlyList<double> Minor, int Stride) DecadeTicks(double lo, double hi)
    {
        if (!(lo > 0) || !(hi >= lo) || !double.IsFinite(hi))
            throw new ArgumentException($"log axis range [{lo}, {hi}] must be positive, finite and ordered");
        int first = (int)Math.Floor(Math.Log10(lo) + 1e-9), last = (int)Math.Ceiling(Math.Log10(hi) - 1e-9);
        if (last == first) { first--; last++; }
        int stride = Math.Max(1, (int)Math.Ceiling((last - first) / 8.0));
        first = (int)Math.Floor(first / (double)stride) * stride;
        last = (int)Math.Ceiling(last / (double)stride) * stride;
        var ticks = new List<double>();
        for (int k = first; k <= last; k += stride) ticks.Add(Scale(1, k));
        var minor = new List<double>();
        if (stride == 1 && last - first <= 6)
            for (int k = first; k < last; k++)
                for (int m = 2; m <= 9; m++) minor.Add(Scale(m, k));
        return (ticks, minor, stride);
    }

    /// <summary>A tick value printed with as many decimals as its step needs; very large or small values in E notation.</summary>
    public static string FormatLinear(double value, double step)
    {
        if (value == 0) return "0";
        double magnitude = Math.Max(Math.Abs(value), step);
        if (magnitude >= 1e6 || step < 1e-4) return value.ToString("0.###E+0", CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double Scale(double integer, int exponent) =>
        exponent >= 0 ? integer * Math.Pow(10, exponent) : integer / Math.Pow(10, -exponent);
}
