namespace AlignLab.Reports.Plots;

/// <summary>Curves against a shared x axis, each axis linear or logarithmic, with error bars and reference lines.</summary>
public sealed class LinePlot
{
    /// <summary>Lines with at most this many points also get markers, so each measurement stays visible.</summary>
    private const int MarkerLimit = 40;

    public string Title { get; set; } = "";
    public string XLabel { get; set; } = "";
    public string YLabel { get; set; } = "";
    public bool LogX { get; set; }
    public bool LogY { get; set; }
    public double Width { get; set; } = 640;
    public double Height { get; set; } = 420;
    public List<Series> Series { get; } = new();
    /// <summary>Dashed gray lines across the plot, e.g. a paper's reported value or a baseline.</summary>
    public List<(double Y, string Label)> HorizontalLines { get; } = new();

    public string ToSvg()
    {
        foreach (var s in Series) s.Validate();
        var legend = new List<LegendEntry>();
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            if (s.Name.Length == 0) continue;
            var key = s.MarkersOnly ? LegendKey.Marker : s.Dashed ? LegendKey.DashedLine : LegendKey.Line;
            legend.Add(new LegendEntry(s.Name, Palette.Series(i), key));
        }
        var frame = new PlotFrame(Width, Height, legend);
        var x = Axis.Fit(XValues(), LogX, frame.Left, frame.Right);
        var y = Axis.Fit(YValues(), LogY, frame.Bottom, frame.Top);

        var svg = frame.Begin(Title);
        frame.DrawYAxis(svg, y, YLabel);
        frame.DrawXAxis(svg, x, XLabel);
        DrawHorizontalLines(svg, frame, y);
        bool any = false;
        for (int i = 0; i < Series.Count; i++) any |= DrawSeries(svg, frame, x, y, Series[i], Palette.Series(i));
        if (!any && HorizontalLines.Count == 0) frame.DrawNoData(svg);
        frame.DrawAxisLines(svg);
        frame.DrawLegend(svg);
        return svg.ToString();
    }

    private bool Shown(Series s, int i) => Axis.Plottable(s.X[i], LogX) && Axis.Plottable(s.Y[i], LogY);

    private IEnumerable<double> XValues()
    {
        foreach (var s in Series)
            for (int i = 0; i < s.X.Count; i++)
                if (Shown(s, i)) yield return s.X[i];
    }

    private IEnumerable<double> YValues()
    {
        foreach (var s in Series)
            for (int i = 0; i < s.Y.Count; i++)
            {
                if (!Shown(s, i)) continue;
                double e = s.ErrorAt(i);
                yield return s.Y[i] - e; // dropped by the axis when non-positive on a log axis
                yield return s.Y[i] + e;
            }
        foreach (var (value, _) in HorizontalLines) yield return value;
    }

    private void DrawHorizontalLines(SvgBuilder svg, PlotFrame frame, Axis y)
    {
        foreach (var (value, label) in HorizontalLines)
        {
            if (!Axis.Plottable(value, LogY)) continue;
            double py = y.Map(value);
            svg.Line(frame.Left, py, frame.Right, py, Palette.Reference, 1.2, SeriesStyle.Dash);
            if (label.Length > 0) svg.Text(frame.Right - 4, py - 4, label, "end", 10, Palette.Reference);
        }
    }

    /// <summary>Draws one series; returns whether it had any point to show.</summary>
    private bool DrawSeries(SvgBuilder svg, PlotFrame frame, Axis x, Axis y, Series s, string color)
    {
        var points = new List<(double X, double Y)>();
        int shown = 0;
        for (int i = 0; i < s.X.Count; i++) if (Shown(s, i)) shown++;
        bool markEveryPoint = s.MarkersOnly || shown <= MarkerLimit;
        string? dash = s.Dashed ? SeriesStyle.Dash : null;

        // A skipped point breaks the line: joining across it would draw a measurement that does not exist.
        void EndSegment()
        {
            if (!s.MarkersOnly && points.Count > 1) svg.Polyline(points, color, SeriesStyle.LineWidth, dash);
            else if (points.Count == 1 && !markEveryPoint) svg.Circle(points[0].X, points[0].Y, 2.5, color);
            points.Clear();
        }

        for (int i = 0; i < s.X.Count; i++)
        {
            if (!Shown(s, i)) { EndSegment(); continue; }
            double px = x.Map(s.X[i]);
            points.Add((px, y.Map(s.Y[i])));
            double e = s.ErrorAt(i);
            if (e > 0)
            {
                double low = s.Y[i] - e;
                double pyLow = Axis.Plottable(low, LogY) ? y.Map(low) : frame.Bottom;
                PlotFrame.DrawErrorBar(svg, px, pyLow, y.Map(s.Y[i] + e), color);
            }
        }
        EndSegment();
        if (markEveryPoint)
            for (int i = 0; i < s.X.Count; i++)
                if (Shown(s, i))
                    svg.Circle(x.Map(s.X[i]), y.Map(s.Y[i]), s.MarkersOnly ? SeriesStyle.MarkerRadius : 2.5, color);
        return shown > 0;
    }
}
