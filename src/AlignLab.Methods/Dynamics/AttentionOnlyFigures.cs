using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Dynamics;

/// <summary>B2's figures: success rate vs D, and median f/E curves at the smallest dimensions.</summary>
internal static class AttentionOnlyFigures
{
    public static List<Figure> Build(AttentionOnlyResult result)
    {
        var figures = new List<Figure>();
        var rate = new LinePlot { Title = "Attention-only training: success rate vs D", XLabel = "embedding dimension D", YLabel = "success rate (%)", LogX = true };
        foreach (var kernel in result.Settings.Kernels)
        {
            var x = new List<double>();
            var y = new List<double>();
            foreach (var cell in result.Cells)
                if (cell.Kernel == kernel)
                {
                    x.Add(cell.Dim);
                    y.Add(100 * cell.SuccessRate);
                }
            rate.Series.Add(new Series(kernel.Name(), x, y));
        }
        figures.Add(new Figure("success-rate", $"Share of {result.Settings.Seeds.Count} seeds with f_T/E < {result.Settings.SuccessThreshold:g} (E = ½‖y‖², the zero predictor's loss) after {result.Settings.Iterations} Armijo-GD iterations.", rate.ToSvg()));

        var curves = new LinePlot { Title = "Median f/E over seeds", XLabel = "iteration", YLabel = "f_t / E", LogY = true };
        var iterations = result.CurveIterations();
        var dims = new List<int>(result.Settings.Dims);
        dims.Sort();
        for (int i = 0; i < Math.Min(2, dims.Count); i++)
            foreach (var kernel in result.Settings.Kernels)
                if (result.Cell(kernel, dims[i]) is { } cell)
                    curves.Series.Add(new Series($"{kernel.Name()}, D = {dims[i]}", iterations, cell.MedianCurve(), Dashed: i > 0));
        curves.HorizontalLines.Add((result.Settings.SuccessThreshold, "success threshold"));
        figures.Add(new Figure("median-loss-curves", $"Median over seeds of f_t/E (1 = the zero predictor; runs that stopped at f/E < {result.Settings.StopRelativeLoss:g} keep their last value).", curves.ToSvg()));
        return figures;
    }
}
