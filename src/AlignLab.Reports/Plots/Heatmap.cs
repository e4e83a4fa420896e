namespace AlignLab.Reports.Plots;

/// <summary>
/// A matrix as colored cells (row 0 on top) with a color bar. The color scale spans the finite values;
/// NaN or infinite cells are drawn gray.
/// </summary>
public sealed class Heatmap
{
    private const double MaxCell = 48, MinCell = 4, ColorBarWidth = 16, Steps = 64;

    public string Title { get; set; } = "";
    public string XLabel { get; set; } = "";
    public string YLabel { get; set; } = "";
    public double[,] Values { get; set; } = new double[0, 0];
    /// <summary>One per row, or empty to number the rows.</summary>
    public IReadOnlyList<string> RowLabels { get; set; } = [];
    /// <summary>One per column, or empty to number the columns.</summary>
    public IReadOnlyList<string> ColumnLabels { get; set; } = [];
    /// <summary>Largest area the cells may take, in pixels; cells are square.</summary>
    public double MaxGridWidth { get; set; } = 560;
    public double MaxGridHeight { get; set; } = 420;
    /// <summary>Print each value in its cell when cells are big enough to hold it.</summary>
    public bool ShowValues { get; set; } = true;

    public string ToSvg()
    {
        int rows = Values.GetLength(0), cols = Values.GetLength(1);
        var rowLabels = Labels(RowLabels, rows, nameof(RowLabels));
        var colLabels = Labels(ColumnLabels, cols, nameof(ColumnLabels));

        double cell = Math.Clamp(Math.Min(MaxGridWidth / Math.Max(1, cols), MaxGridHeight / Math.Max(1, rows)), MinCell, MaxCell);
        double widestRow = 0, widestCol = 0;
        foreach (string l in rowLabels) widestRow = Math.Max(widestRow, SvgBuilder.TextWidth(l, 11));
        foreach (string l in colLabels) widestCol = Math.Max(widestCol, SvgBuilder.TextWidth(l, 11));
        bool slant = widestCol > cell * 0.95;

        double left = (YLabel.Length > 0 ? 30 : 8) + widestRow + 8, top = 40;
        double gridRight = left + cols * cell, gridBottom = top + rows * cell;
        double labelBand = slant ? Math.Min(widestCol * 0.6, 140) + 12 : 22;
        double height = Math.Max(gridBottom + labelBand + (XLabel.Length > 0 ? 24 : 4), top + 160);

        var (lo, hi) = FiniteRange(out bool any);
        // Colors span the data; constant (or no) data falls back to the widened tick range, centering the value.
        var scale = Axis.Fit([lo, hi], log: false, 0, 1, targetTicks: 5);
        bool spread = any && hi > lo;
        double scaleLo = spread ? lo : scale.Min, scaleHi = spread ? hi : scale.Max;
        double barLeft = gridRight + 24;
        double width = barLeft + ColorBarWidth + 8 + ScaleLabelWidth(scale, scaleLo, scaleHi) + 12;
        width = Math.Max(width, SvgBuilder.TextWidth(Title, 15) + 20);

        var svg = new SvgBuilder(width, height);
        if (Title.Length > 0) svg.Text(width / 2, 24, Title, "middle", 15, bold: true);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double v = Values[r, c], t = double.IsFinite(v) ? (v - scaleLo) / (scaleHi - scaleLo) : double.NaN;
                double x = left + c * cell, y = top + r * cell;
                svg.Rect(x, y, cell, cell, Palette.Sequential(t));
                if (ShowValues && cell >= 28 && double.IsFinite(v))
                    svg.Text(x + cell / 2, y + cell / 2 + 4, CellText(v), "middle", 10, Palette.IsDark(t) ? "#ffffff" : "#111111");
            }
        if (rows > 0 && cols > 0) svg.Rect(left, top, cols * cell, rows * cell, "none", Palette.Axis);
        for (int r = 0; r < rows; r++) svg.Text(left - 6, top + r * cell + cell / 2 + 4, rowLabels[r], "end", 11);
        for (int c = 0; c < cols; c++)
        {
            double cx = left + c * cell + cell / 2;
            if (slant) svg.Text(cx, gridBottom + 12, colLabels[c], "end", 11, rotate: -45);
            else svg.Text(cx, gridBottom + 16, colLabels[c], "middle", 11);
        }
        if (YLabel.Length > 0) svg.Text(14, top + rows * cell / 2, YLabel, "middle", 12, rotate: -90);
        if (XLabel.Length > 0) svg.Text(left + cols * cell / 2, height - 10, XLabel, "middle", 12);
        if (!any) svg.Text(left + cols * cell / 2, top + 20, "no data", "middle", 14, Palette.Reference);
        DrawColorBar(svg, barLeft, top, 150, scale, scaleLo, scaleHi);
        return svg.ToString();
    }

    private static List<string> Labels(IReadOnlyList<string> given, int count, string name)
    {
        if (given.Count != 0 && given.Count != count)
            throw new ArgumentException($"heatmap {name} has {given.Count} labels for {count} entries", name);
        var labels = new List<string>(count);
        for (int i = 0; i < count; i++) labels.Add(given.Count == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : given[i]);
        return labels;
    }

    private (double Lo, double Hi) FiniteRange(out bool any)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in Values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        any = lo <= hi;
        return any ? (lo, hi) : (0, 1);
    }

    /// <summary>A vertical gradient (as stacked rectangles, so no ids that could clash when inlined) with ticks inside its range.</summary>
    private static void DrawColorBar(SvgBuilder svg, double x, double top, double height, Axis ticks, double lo, double hi)
    {
        double step = height / Steps;
        for (int i = 0; i < Steps; i++)
            svg.Rect(x, top + height - (i + 1) * step, ColorBarWidth, step + 0.5, Palette.Sequential((i + 0.5) / Steps));
        svg.Rect(x, top, ColorBarWidth, height, "none", Palette.Axis);
        foreach (double t in TicksWithin(ticks, lo, hi))
        {
            double py = top + height - (t - lo) / (hi - lo) * height;
            svg.Line(x + ColorBarWidth, py, x + ColorBarWidth + 4, py, Palette.Axis);
            svg.TextMarkup(x + ColorBarWidth + 7, py + 4, ticks.LabelMarkup(t), "start", 10);
        }
    }

    private static List<double> TicksWithin(Axis ticks, double lo, double hi)
    {
        var inside = new List<double>();
        double slack = (hi - lo) * 1e-9;
        foreach (double t in ticks.Ticks) if (t >= lo - slack && t <= hi + slack) inside.Add(t);
        return inside;
    }

    private static double ScaleLabelWidth(Axis ticks, double lo, double hi)
    {
        double widest = 0;
        foreach (double t in TicksWithin(ticks, lo, hi))
            widest = Math.Max(widest, SvgBuilder.TextWidth(Axis.FormatLinear(t, ticks.Step), 10));
        return widest;
    }

    private static string CellText(double v)
    {
        string text = v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text; // a tiny negative rounds to "-0", a sign that means nothing here
    }
}
