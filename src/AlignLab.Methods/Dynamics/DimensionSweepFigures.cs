using AlignLab.Core;
using AlignLab.Core.Numerics;
using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Dynamics;

/// <summary>B1's figures: final f/E vs D, σ_min(C_0) vs D, and all-weight loss curves.</summary>
internal static class DimensionSweepFigures
{
    public static List<Figure> Build(DimensionSweepResult result)
    {
        var s = result.Settings;
        var dims = s.Dims.Select(d => (double)d).ToArray();
        var figures = new List<Figure>();

        var final = new LinePlot { Title = "Final f/E vs embedding dimension", XLabel = "D", YLabel = "median f_T / E", LogX = true, LogY = true };
        foreach (var mode in new[] { SweepMode.ValueOnly, SweepMode.AllWeights })
        {
            if (!s.Modes.Contains(mode)) continue;
            foreach (var kernel in s.Kernels)
                final.Series.Add(new Series($"{DimensionSweepExperiment.ModeName(mode)}, {kernel.Name()}", dims,
                    s.Dims.Select(d => Stats.Median(result.Select(mode, kernel, d), r => r.RelativeLoss)).ToArray(),
                    Dashed: mode == SweepMode.AllWeights));
        }
        final.Series.Add(new Series("1 − D/Nn (W_V-only plateau)", dims,
            s.Dims.Select(d => d < s.TargetCount ? 1.0 - (double)d / s.TargetCount : double.NaN).ToArray(), MarkersOnly: true));
        final.HorizontalLines.Add((1e-4, "1e-4"));
        final.HorizontalLines.Add((1e-6, "1e-6"));
        figures.Add(new Figure("final-loss-vs-dim",
            $"Median over {s.Seeds.Count} seeds of f/E (E = ½‖y‖², the zero predictor's loss) after {s.Iterations} Armijo-GD iterations (Nn = {s.TargetCount}); markers: the W_V-only plateau 1 − D/Nn.",
            final.ToSvg()));

        var sigma = new LinePlot { Title = "σ_min(C_0) of the stacked attention outputs", XLabel = "D", YLabel = "median σ_min(C_0) (0 when D < Nn)", LogX = true, LogY = true };
        foreach (var kernel in s.Kernels)
            sigma.Series.Add(new Series(kernel.Name(), dims,
                s.Dims.Select(d => Stats.Median(result.Select(s.Modes[0], kernel, d), r => r.SigmaMin0)).ToArray()));
        figures.Add(new Figure("sigma-min-vs-dim", "σ_min(C_0) = √λ_min(C Cᵀ) at initialisation; it is 0 (not drawn on the log axis) for D < Nn.", sigma.ToSvg()));

        if (s.Modes.Contains(SweepMode.AllWeights))
        {
            var curves = new LinePlot { Title = "All weights trained: median f_t/E", XLabel = "iteration", YLabel = "f_t / E", LogY = true };
            var iterations = result.CurveIterations();
            foreach (var kernel in s.Kernels)
                foreach (int dim in s.Dims)
                {
                    var runs = result.Select(SweepMode.AllWeights, kernel, dim);
                    var median = new double[iterations.Length];
                    for (int p = 0; p < median.Length; p++) median[p] = Stats.Median(runs, r => r.Curve[p]);
                    curves.Series.Add(new Series($"{kernel.Name()}, D = {dim}", iterations, median, Dashed: kernel == AttentionKernel.Gaussian));
                }
            figures.Add(new Figure("all-weights-loss-curves", "Median over seeds of f_t/E when W_Q, W_K, W_V train (Armijo GD); dashed = Gaussian.", curves.ToSvg()));
        }
        return figures;
    }
}
