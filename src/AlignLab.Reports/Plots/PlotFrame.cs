namespace AlignLab.Reports.Plots;

/// <summary>How a legend entry draws its key.</summary>
internal enum LegendKey { Line, DashedLine, Marker, Box }

internal sealed record LegendEntry(string Name, string Color, LegendKey Key);

/// <summary>
/// The parts shared by the line and bar plots: the plot rectangle, title, grid, axes, axis titles and legend.
/// </summary>
internal sealed class PlotFrame
{
    private const double LegendSwatch = 22, LegendRow = 18, LegendPad = 10;

    public PlotFrame(double width, double height, IReadOnlyList<LegendEntry> legend, double extraBottom = 0)
    {
        Legend = legend;
        LegendWidth = legend.Count == 0 ? 0 : LegendSwatch + 8 + MaxTextWidth(legend) + 2 * LegendPad;
        Width = width + LegendWidth;
        Height = height + extraBottom;
        Left = 72;
        Top = 40;
        Right = width - 20;
        Bottom = Height - 52 - extraBottom;
    }

    public double Width { get; }
    public double Height { get; }
    public double Left { get; }
    public double Top { get; }
    public double Right { get; }
    public double Bottom { get; }
    private IReadOnlyList<LegendEntry> Legend { get; }
    private double LegendWidth { get; }

    public SvgBuilder Begin(string title)
    {
        var svg = new SvgBuilder(Width, Height);
        if (title.Length > 0) svg.Text((Left + Right) / 2, 24, title, "middle", 15, bold: true);
        return svg;
    }

    /// <summary>Horizontal grid lines, y ticks with labels, and the rotated y-axis title.</summary>
    public void DrawYAxis(SvgBuilder svg, Axis y, string label)
    {
        foreach (double t in y.MinorTicks) svg.Line(Left - 3, y.Map(t), Left, y.Map(t), Palette.Axis);
        foreach (double t in y.Ticks)
        {
            double py = y.Map(t);
            svg.Line(Left, py, Right, py, Palette.Grid);
            svg.Line(Left - 5, py, Left, py, Palette.Axis);
            svg.TextMarkup(Left - 8, py + 4, y.LabelMarkup(t), "end", 11);
        }
        if (label.Length > 0) svg.Text(18, (Top + Bottom) / 2, label, "middle", 12, rotate: -90);
    }

    /// <summary>Vertical grid lines, x ticks with labels, and the x-axis title.</summary>
    public void DrawXAxis(SvgBuilder svg, Axis x, string label)
    {
        foreach (double t in x.MinorTicks) svg.Line(x.Map(t), Bottom, x.Map(t), Bottom + 3, Palette.Axis);
        foreach (double t in x.Ticks)
        {
            double px = x.Map(t);
            svg.Line(px, Top, px, Bottom, Palette.Grid);
            svg.Line(px, Bottom, px, Bottom + 5, Palette.Axis);
            svg.TextMarkup(px, Bottom + 19, x.LabelMarkup(t), "middle", 11);
        }
        DrawXTitle(svg, label);
    }

    public void DrawXTitle(SvgBuilder svg, string label)
    {
        if (label.Length > 0) svg.Text((Left + Right) / 2, Height - 12, label, "middle", 12);
    }

    /// <summary>The axis lines themselves, drawn last so data never hides them.</summary>
    public void DrawAxisLines(SvgBuilder svg)
    {
        svg.Line(Left, Bottom, Right, Bottom, Palette.Axis);
        svg.Line(Left, Top, Left, Bottom, Palette.Axis);
    }

    public void DrawNoData(SvgBuilder svg) =>
        svg.Text((Left + Right) / 2, (Top + Bottom) / 2, "no data", "middle", 14, Palette.Reference);

    /// <summary>The legend, outside the plot on the right, so it never hides data.</summary>
    public void DrawLegend(SvgBuilder svg)
    {
        if (Legend.Count == 0) return;
        double x = Right + 16, y = Top;
        svg.Rect(x, y, LegendWidth - 12, Legend.Count * LegendRow + LegendPad, "#ffffff", Palette.Grid);
        for (int i = 0; i < Legend.Count; i++)
        {
            var entry = Legend[i];
            double cy = y + LegendPad / 2 + LegendRow * i + LegendRow / 2, kx = x + LegendPad;
            switch (entry.Key)
            {
                case LegendKey.Line: svg.Line(kx, cy, kx + LegendSwatch, cy, entry.Color, 2); break;
                case LegendKey.DashedLine: svg.Line(kx, cy, kx + LegendSwatch, cy, entry.Color, 2, SeriesStyle.Dash); break;
                case LegendKey.Marker: svg.Circle(kx + LegendSwatch / 2, cy, 3.5, entry.Color); break;
                case LegendKey.Box: svg.Rect(kx + 4, cy - 6, LegendSwatch - 8, 12, entry.Color); break;
            }
            svg.Text(kx + LegendSwatch + 8, cy + 4, entry.Name, "start", 11);
        }
    }

    /// <summary>A vertical error bar with caps between two pixel heights.</summary>
    public static void DrawErrorBar(SvgBuilder svg, double px, double pyLow, double pyHigh, string color)
    {
        svg.Line(px, pyLow, px, pyHigh, color, 1.2);
        svg.Line(px - SeriesStyle.CapHalfWidth, pyLow, px + SeriesStyle.CapHalfWidth, pyLow, color, 1.2);
        svg.Line(px - SeriesStyle.CapHalfWidth, pyHigh, px + SeriesStyle.CapHalfWidth, pyHigh, color, 1.2);
    }

    /// <summary>The half-width of error bar <paramref name="i"/>; 0 (no bar) when absent or not finite. Sign is ignored.</summary>
    public static double ErrorAt(IReadOnlyList<double>? errors, int i)
    {
        if (errors is null) return 0;
        double e = Math.Abs(errors[i]);
        return double.IsFinite(e) ? e : 0;
    }

    private static double MaxTextWidth(IReadOnlyList<LegendEntry> legend)
    {
        double widest = 0;
        foreach (var entry in legend) widest = Math.Max(widest, SvgBuilder.TextWidth(entry.Name, 11));
        return widest;
    }
}

/// <summary>Stroke constants shared by plot bodies and legend keys.</summary>
internal static class SeriesStyle
{
    public const string Dash = "6 4";
    public const double LineWidth = 2;
    public const double MarkerRadius = 3.5;
    public const double CapHalfWidth = 4;
}
