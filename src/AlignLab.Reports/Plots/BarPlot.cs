namespace AlignLab.Reports.Plots;

/// <summary>Grouped bars: one cluster per category, one colored bar per group, bars grow from zero.</summary>
public sealed class BarPlot
{
    public string Title { get; set; } = "";
    public string YLabel { get; set; } = "";
    public IReadOnlyList<string> Categories { get; set; } = [];
    public double Width { get; set; } = 640;
    public double Height { get; set; } = 420;
    public List<BarGroup> Groups { get; } = new();

    public string ToSvg()
    {
        Validate();
        var legend = new List<LegendEntry>();
        for (int g = 0; g < Groups.Count; g++)
            if (Groups[g].Name.Length > 0) legend.Add(new LegendEntry(Groups[g].Name, Palette.Series(g), LegendKey.Box));

        var sizing = new PlotFrame(Width, Height, legend);
        double slot = Categories.Count == 0 ? 0 : (sizing.Right - sizing.Left) / Categories.Count;
        double widestLabel = 0;
        foreach (string c in Categories) widestLabel = Math.Max(widestLabel, SvgBuilder.TextWidth(c, 11));
        // Labels wider than their slot are slanted so neighbours do not overprint each other.
        bool slant = widestLabel > slot * 0.95;
        var frame = slant ? new PlotFrame(Width, Height, legend, Math.Min(widestLabel * 0.5, 120)) : sizing;

        var y = Axis.Fit(Values(), log: false, frame.Bottom, frame.Top, includeZero: true);
        var svg = frame.Begin(Title);
        frame.DrawYAxis(svg, y, YLabel);
        double zero = y.Map(0);
        double band = slot * 0.8, bar = Groups.Count == 0 ? 0 : band / Groups.Count;
        bool any = false;
        for (int c = 0; c < Categories.Count; c++)
        {
            double slotLeft = frame.Left + slot * c, center = slotLeft + slot / 2;
            for (int g = 0; g < Groups.Count; g++)
            {
                double v = Groups[g].Values[c];
                if (!double.IsFinite(v)) continue;
                any = true;
                double px = center - band / 2 + bar * g, py = y.Map(v);
                svg.Rect(px + 1, Math.Min(py, zero), bar - 2, Math.Abs(zero - py), Palette.Series(g));
                double e = PlotFrame.ErrorAt(Groups[g].Errors, c);
                if (e > 0) PlotFrame.DrawErrorBar(svg, px + bar / 2, y.Map(v - e), y.Map(v + e), Palette.Axis);
            }
            if (slant) svg.Text(center, frame.Bottom + 14, Categories[c], "end", 11, rotate: -35);
            else svg.Text(center, frame.Bottom + 18, Categories[c], "middle", 11);
        }
        if (!any) frame.DrawNoData(svg);
        svg.Line(frame.Left, zero, frame.Right, zero, Palette.Axis);
        frame.DrawAxisLines(svg);
        frame.DrawLegend(svg);
        return svg.ToString();
    }

    private void Validate()
    {
        foreach (var g in Groups)
        {
            if (g.Values.Count != Categories.Count)
                throw new ArgumentException($"bar group '{g.Name}' has {g.Values.Count} values for {Categories.Count} categories", nameof(Groups));
            if (g.Errors is not null && g.Errors.Count != g.Values.Count)
                throw new ArgumentException($"bar group '{g.Name}' has {g.Errors.Count} errors for {g.Values.Count} values", nameof(Groups));
        }
    }

    private IEnumerable<double> Values()
    {
        foreach (var g in Groups)
            for (int c = 0; c < g.Values.Count; c++)
            {
                double v = g.Values[c];
                if (!double.IsFinite(v)) continue;
                double e = PlotFrame.ErrorAt(g.Errors, c);
                yield return v - e;
                yield return v + e;
            }
    }
}
