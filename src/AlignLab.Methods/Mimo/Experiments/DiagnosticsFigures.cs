using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>Figures of the diagnostics report: ADMM traces and the per-setting NMSE.</summary>
internal static class DiagnosticsFigures
{
    public static IEnumerable<Figure> Convergence(IReadOnlyList<(double[] Nmse, double[] Residual, double[] Step)> traces)
    {
        var nmse = new LinePlot { Title = "NMSE of the structured iterate r_t", XLabel = "ADMM iteration", YLabel = "NMSE (dB)" };
        var residual = new LinePlot { Title = "ADMM residuals (scaled units)", XLabel = "ADMM iteration", YLabel = "norm", LogY = true };
        for (int i = 0; i < traces.Count; i++)
        {
            var (n, r, s) = traces[i];
            var x = Enumerable.Range(1, n.Length).Select(v => (double)v).ToArray();
            nmse.Series.Add(new Series($"trial {i + 1}", x, n));
            residual.Series.Add(new Series($"‖u − r‖, trial {i + 1}", x, r));
            residual.Series.Add(new Series($"‖u_t − u_t−1‖, trial {i + 1}", x, s, Dashed: true));
        }
        residual.HorizontalLines.Add((1e-3, "stopping tolerance"));
        yield return new Figure("convergence-nmse", "NMSE of the K-path iterate against ADMM iteration (24×32, K = 8, 600 bits, Scheme 1).", nmse.ToSvg());
        yield return new Figure("convergence-residual", "Primal residual ‖u − r‖ and step ‖u_t − u_{t−1}‖ (the stopping rule) per iteration.", residual.ToSvg());
    }

    public static Figure SettingsBars(IReadOnlyList<string> labels, IReadOnlyList<PointSummary> summaries)
    {
        var plot = new BarPlot { Title = "REDEEM NMSE per setting (600 bits)", YLabel = "NMSE (dB)", Categories = labels };
        plot.Groups.Add(new BarGroup("REDEEM S1", summaries.Select(s => s.NmseDb).ToArray(), summaries.Select(s => s.NmseDbError).ToArray()));
        return new Figure("settings", "REDEEM NMSE (dB, ±1 SE) for the RELAX grid, K_model and ρ variations on the same trials.", plot.ToSvg());
    }
}
