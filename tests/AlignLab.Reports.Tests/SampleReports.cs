using AlignLab.Reports.Plots;

namespace AlignLab.Reports.Tests;

internal static class SampleReports
{
    public static Report Make(string id = "mimo/nmse-vs-bits", string title = "NMSE against feedback bits")
    {
        var report = new Report { Id = id, Paper = "Downlink MIMO channel estimation from bits", Title = title, Summary = "Ran *REDEEM*." };
        report.Claims.Add(new Claim("NMSE falls with more bits", "-12.1 dB at 3 bits", "-12 dB", true));
        report.Claims.Add(new Claim("Beats LS | by 3 dB", "1.2 dB", "3 dB", false));
        report.Tables.Add(new Table("NMSE by bits", ["bits", "NMSE (dB)"], [["1", "-3.0"], ["3", "-12.1"]]));
        var plot = new LinePlot { Title = "NMSE", XLabel = "bits", YLabel = "NMSE" };
        plot.Series.Add(new Series("REDEEM", [1, 3], [0.5, 0.06]));
        report.Figures.Add(new Figure("nmse", "NMSE falls with bits", plot.ToSvg()));
        report.Configuration["bits"] = new[] { 1, 3 };
        report.Configuration["optimizer"] = "AdamW";
        report.Configuration["lr"] = 0.001;
        report.Metrics["nmse_db"] = new[] { -3.0, -12.1 };
        report.Metrics["diverged"] = double.NaN;
        report.Metrics["steps"] = 200;
        return report;
    }
}
