using System.Globalization;
using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Dynamics;

/// <summary>B3's figures: log10 f on the slices around each kernel's stage-2 end point (the drawn seed).</summary>
internal static class TwoStageLandscapeFigures
{
    public static List<Figure> Build(TwoStageLandscapeResult result)
    {
        var figures = new List<Figure>();
        var trial = result.Trials[0];
        int points = result.Settings.GridPoints;
        foreach (double range in result.Settings.Ranges)
            foreach (var kernel in TwoStageLandscapeStudy.Kernels)
            {
                var slice = trial.Outcome(kernel).Slice(range);
                var log = new double[points, points];
                // Row 0 is drawn on top: put β = +range there so the picture has the usual orientation.
                for (int r = 0; r < points; r++)
                    for (int c = 0; c < points; c++) log[r, c] = Math.Log10(slice.Values[points - 1 - r, c]);
                var heatmap = new Heatmap
                {
                    Title = $"{kernel.Name()} stage 2: log10 f (±{range})",
                    XLabel = "α along d1 (stage-2 displacement)",
                    YLabel = "β along d2 (random)",
                    Values = log,
                    RowLabels = Labels(points, range, descending: true),
                    ColumnLabels = Labels(points, range, descending: false),
                    ShowValues = false,
                };
                string name = $"landscape-{kernel.Name()}-{range.ToString("0.##", CultureInfo.InvariantCulture).Replace('.', 'p')}";
                figures.Add(new Figure(name,
                    $"Log10 of the loss around the end of stage 2 with the {kernel.Name()} kernel, {new SeedRange(trial.Seed, 1)}; roughness (|Laplacian|/range) {Format.G(slice.Roughness.Laplacian)}, " +
                    $"{slice.Roughness.LocalMinima} interior local minimum(s).", heatmap.ToSvg()));
            }
        return figures;
    }

    /// <summary>Coordinates at the ends, the centre and the quarter points; blank elsewhere so labels do not collide.</summary>
    private static List<string> Labels(int points, double range, bool descending)
    {
        var labels = new List<string>(points);
        int quarter = (points - 1) / 4;
        for (int i = 0; i < points; i++)
        {
            int index = descending ? points - 1 - i : i;
            labels.Add(quarter > 0 && i % quarter == 0
                ? LossLandscape.Coordinate(index, points, range).ToString("0.##", CultureInfo.InvariantCulture)
                : "");
        }
        return labels;
    }
}
