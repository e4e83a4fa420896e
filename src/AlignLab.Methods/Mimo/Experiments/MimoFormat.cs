using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>The MIMO reports' own cells (dB values, bit accounting), the per-point table every sweep carries, NMSE series and the summary layout.</summary>
internal static class MimoFormat
{
    public static string Db(double db) => Format.F(db, "F1") + (double.IsNaN(db) ? "" : " dB");
    public static string DbWithError(double db, double error) => double.IsNaN(db) ? Format.Missing : $"{Format.F(db, "F1")} ± {Format.F(error, "F1")} dB";
    /// <summary>A dB difference with an explicit sign ("+1.2 dB", "−0.4 dB", "+0.0 dB").</summary>
    public static string SignedDb(double db) => Format.Signed(db, "F1") + " dB";
    /// <summary>"R·b + side = total" bit accounting of a point.</summary>
    public static string Bits(PointSummary s) => $"{s.FeedbackBits} + {s.SideInformationBits} = {s.FeedbackBits + s.SideInformationBits}";

    /// <summary>A curve over points as a plot series: <paramref name="y"/> of each summary with <paramref name="error"/> as its bar.</summary>
    public static Series Curve(string label, IReadOnlyList<double> x, IReadOnlyList<PointSummary> points, Func<PointSummary, double> y,
                               Func<PointSummary, double> error) => new(label, x.ToArray(), points.Select(y).ToArray(), points.Select(error).ToArray());
    /// <summary>NMSE (dB) over points with ±1 SE bars, the curve every MIMO figure draws.</summary>
    public static Series NmseCurve(string label, IReadOnlyList<double> x, IReadOnlyList<PointSummary> points) => Curve(label, x, points, s => s.NmseDb, s => s.NmseDbError);

    /// <summary>A report summary: the given paragraphs, then what every MIMO report says about following the official code.</summary>
    public static string Summary(params string[] paragraphs) => string.Join("\n\n", [.. paragraphs, ReportNotes.Implementation]);

    /// <summary>The per-point table every MIMO sweep report carries, with the exact bit accounting.</summary>
    public static Table SummaryTable(string caption, SweepResult sweep, Func<int, string> pointLabel) => new(caption,
        ["point", "method", "R", "bits: feedback + side = total", "training pilots", "NMSE (mean ± SE)", "BGain (K-stream)",
         "single-stream gain", "rate (b/s/Hz)", "angle RMSE (°)", "s/trial", "iterations", "trials"],
        sweep.Summaries.Select(s => (IReadOnlyList<string>)
            [pointLabel(s.Point), s.Arm, Format.Int(sweep.Points[s.Point].Measurements), Bits(s), Format.Int(s.TrainingLength),
             DbWithError(s.NmseDb, s.NmseDbError), Format.F(s.StreamGain, "F1"), Format.F(s.SingleStreamGain, "F1"), Format.F(s.Rate, "F2"),
             Format.F(s.AngleRmseDegrees, "F2"), Format.F(s.Seconds, "F3"), Format.F(s.Iterations, "F1"), Format.Int(s.Trials)]).ToList());

    public static Dictionary<string, object?>[] SummaryMetrics(SweepResult sweep) =>
        sweep.Summaries.Select(s => new Dictionary<string, object?>
        {
            ["arm"] = s.Arm, ["point"] = s.Point, ["measurements"] = sweep.Points[s.Point].Measurements,
            ["bits_per_measurement"] = sweep.Points[s.Point].Quantizer.Bits,
            ["feedback_bits"] = s.FeedbackBits, ["side_information_bits"] = s.SideInformationBits,
            ["total_bits"] = s.FeedbackBits + s.SideInformationBits, ["training_length"] = s.TrainingLength,
            ["trials"] = s.Trials, ["nmse"] = s.MeanNmse, ["nmse_db"] = s.NmseDb, ["nmse_db_err"] = s.NmseDbError,
            ["bgain"] = s.StreamGain, ["bgain_err"] = s.StreamGainError, ["single_stream_gain"] = s.SingleStreamGain,
            ["rate"] = s.Rate, ["angle_rmse_deg"] = s.AngleRmseDegrees, ["seconds_per_trial"] = s.Seconds, ["iterations"] = s.Iterations,
        }).ToArray();
}
