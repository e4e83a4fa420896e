using System.Xml.Linq;
using AlignLab.Reports.Plots;

namespace AlignLab.Reports.Tests.Plots;

public class PlotSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg)
    {
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        foreach (var attribute in doc.Descendants().Attributes())
            Assert.DoesNotContain("NaN", attribute.Value);
        foreach (var attribute in doc.Descendants().Attributes())
            Assert.DoesNotContain("Infinity", attribute.Value);
        return doc;
    }

    private static LinePlot Line(params Series[] series)
    {
        var plot = new LinePlot { Title = "NMSE <vs> bits & \"more\"", XLabel = "bits", YLabel = "NMSE (dB)" };
        plot.Series.AddRange(series);
        return plot;
    }

    public static TheoryData<string, Series[]> LineCases => new()
    {
        { "normal", [new Series("a", [1, 2, 3], [1, 4, 9], [0.1, 0.2, 0.3]), new Series("b", [1, 2, 3], [2, 3, 4], Dashed: true)] },
        { "nan and infinity", [new Series("a", [1, double.NaN, 3, 4], [1, 2, double.PositiveInfinity, 4])] },
        { "one point", [new Series("a", [2], [3], [0.5])] },
        { "constant", [new Series("a", [1, 2, 3], [7, 7, 7])] },
        { "all zero", [new Series("a", [0, 0], [0, 0])] },
        { "empty series", [new Series("empty", [], [])] },
        { "no series", [] },
        { "markers only", [new Series("m", [1, 2], [3, 1], MarkersOnly: true)] },
        { "all nan", [new Series("a", [double.NaN], [double.NaN])] },
    };

    [Theory]
    [MemberData(nameof(LineCases))]
    public void LinePlotIsWellFormedOnLinearAxes(string name, Series[] series)
    {
        _ = name;
        var doc = Parse(Line(series).ToSvg());
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "NMSE <vs> bits & \"more\"");
    }

    [Theory]
    [MemberData(nameof(LineCases))]
    public void LinePlotIsWellFormedOnLogAxes(string name, Series[] series)
    {
        _ = name;
        var plot = Line(series);
        plot.LogX = plot.LogY = true;
        plot.HorizontalLines.Add((-1, "ignored on a log axis"));
        Parse(plot.ToSvg());
    }

    [Fact]
    public void LogAxisLabelsAreDecades()
    {
        var plot = Line(new Series("a", [1, 10, 100], [0.002, 0.05, 0.9]));
        plot.LogY = true;
        var doc = Parse(plot.ToSvg());
        var superscripts = doc.Descendants(Svg + "tspan").Select(t => t.Value).ToList();
        Assert.Equal(["\u22123", "\u22122", "\u22121", "0"], superscripts);
    }

    [Fact]
    public void NanBreaksTheLineIntoSegments()
    {
        var series = new Series("a", [1, 2, 3, 4, 5], [1, 2, double.NaN, 4, 5]);
        var doc = Parse(Line(series).ToSvg());
        var lines = doc.Descendants(Svg + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(2, l.Attribute("points")!.Value.Split(' ').Length));
    }

    [Fact]
    public void SeriesStylesReachTheSvg()
    {
        var plot = Line(new Series("dashed", [1, 2], [1, 2], Dashed: true), new Series("dots", [1, 2], [2, 1], MarkersOnly: true));
        plot.HorizontalLines.Add((1.5, "paper"));
        var doc = Parse(plot.ToSvg());
        var polyline = Assert.Single(doc.Descendants(Svg + "polyline")); // markers-only draws no line
        Assert.NotNull(polyline.Attribute("stroke-dasharray"));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "paper");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "dots");
    }

    [Fact]
    public void ErrorBarsWidenTheAxis()
    {
        var plot = Line(new Series("a", [1, 2], [10, 10], [5, 5]));
        var doc = Parse(plot.ToSvg());
        var numbers = doc.Descendants(Svg + "text").Where(t => t.Attribute("text-anchor")!.Value == "end") // y tick labels
            .Select(t => double.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN)
            .Where(double.IsFinite).ToList();
        Assert.True(numbers.Min() <= 5 && numbers.Max() >= 15, $"axis {numbers.Min()}..{numbers.Max()} hides the error bars");
    }

    [Fact]
    public void MismatchedSeriesNamesTheSeries()
    {
        var e = Assert.Throws<ArgumentException>(() => Line(new Series("bad", [1, 2], [1])).ToSvg());
        Assert.Contains("bad", e.Message);
    }

    [Fact]
    public void OutputIsDeterministic()
    {
        var a = Line(new Series("a", [0.1, 0.2, 0.3], [1.0 / 3, 2.0 / 3, 1])).ToSvg();
        var b = Line(new Series("a", [0.1, 0.2, 0.3], [1.0 / 3, 2.0 / 3, 1])).ToSvg();
        Assert.Equal(a, b);
        Assert.DoesNotContain(",33333", a);
    }

    public static TheoryData<string, string[], BarGroup[]> BarCases => new()
    {
        { "normal", ["ROUGE", "MIA"], [new BarGroup("base", [0.5, -0.2], [0.05, 0.1]), new BarGroup("SAM", [0.4, 0.3])] },
        { "nan", ["a", "b"], [new BarGroup("g", [double.NaN, 1], [double.NaN, 0.2])] },
        { "one bar", ["only"], [new BarGroup("g", [3])] },
        { "all zero", ["a", "b"], [new BarGroup("g", [0, 0])] },
        { "no categories", [], [] },
        { "long labels", ["a very long category label", "another very long category label", "x"], [new BarGroup("", [1, 2, 3])] },
    };

    [Theory]
    [MemberData(nameof(BarCases))]
    public void BarPlotIsWellFormed(string name, string[] categories, BarGroup[] groups)
    {
        _ = name;
        var plot = new BarPlot { Title = "bars", YLabel = "score", Categories = categories };
        plot.Groups.AddRange(groups);
        Parse(plot.ToSvg());
    }

    [Fact]
    public void BarPlotDrawsOneBarPerFiniteValue()
    {
        var plot = new BarPlot { Categories = ["a", "b", "c"] };
        plot.Groups.Add(new BarGroup("g1", [1, double.NaN, 3]));
        plot.Groups.Add(new BarGroup("g2", [2, 2, 2]));
        var doc = Parse(plot.ToSvg());
        string[] colors = [Palette.Series(0), Palette.Series(1)];
        int bars = doc.Descendants(Svg + "rect").Count(r => colors.Contains(r.Attribute("fill")!.Value)) - 2; // minus legend keys
        Assert.Equal(5, bars);
    }

    [Fact]
    public void BarGroupOfWrongLengthNamesTheGroup()
    {
        var plot = new BarPlot { Categories = ["a", "b"] };
        plot.Groups.Add(new BarGroup("short", [1]));
        Assert.Contains("short", Assert.Throws<ArgumentException>(plot.ToSvg).Message);
    }

    public static TheoryData<string, double[,]> HeatmapCases => new()
    {
        { "normal", new double[,] { { 1, 2, 3 }, { 4, 5, 6 } } },
        { "nan", new double[,] { { double.NaN, 2 }, { double.NegativeInfinity, 5 } } },
        { "one cell", new double[,] { { 42 } } },
        { "constant", new double[,] { { 3, 3 }, { 3, 3 } } },
        { "all nan", new double[,] { { double.NaN } } },
        { "empty", new double[0, 0] },
        { "large", Large(60, 80) },
    };

    private static double[,] Large(int rows, int cols)
    {
        var v = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) v[r, c] = Math.Sin(r * 0.1) * c;
        return v;
    }

    [Theory]
    [MemberData(nameof(HeatmapCases))]
    public void HeatmapIsWellFormed(string name, double[,] values)
    {
        _ = name;
        var map = new Heatmap { Title = "attention", XLabel = "key", YLabel = "query", Values = values };
        Parse(map.ToSvg());
    }

    [Fact]
    public void HeatmapColorsSpanTheScaleAndGrayOutMissingCells()
    {
        var map = new Heatmap { Values = new double[,] { { 0, 1, double.NaN } }, RowLabels = ["r"], ColumnLabels = ["lo", "hi", "nan"] };
        var doc = Parse(map.ToSvg());
        var fills = doc.Descendants(Svg + "rect").Select(r => r.Attribute("fill")!.Value).ToList();
        Assert.Contains(Palette.Sequential(0), fills);
        Assert.Contains(Palette.Sequential(1), fills);
        Assert.Contains(Palette.Missing, fills);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "hi");
    }

    [Fact]
    public void ConstantHeatmapUsesTheMiddleColor()
    {
        var doc = Parse(new Heatmap { Values = new double[,] { { 3, 3 } } }.ToSvg());
        var cells = doc.Descendants(Svg + "rect").Where(r => r.Attribute("width")!.Value == "48").ToList(); // largest cell size
        Assert.Equal(2, cells.Count);
        Assert.All(cells, c => Assert.Equal(Palette.Sequential(0.5), c.Attribute("fill")!.Value));
    }

    [Fact]
    public void HeatmapLabelCountMustMatch()
    {
        var map = new Heatmap { Values = new double[2, 2], RowLabels = ["only one"] };
        Assert.Contains("RowLabels", Assert.Throws<ArgumentException>(map.ToSvg).Message);
    }
}
