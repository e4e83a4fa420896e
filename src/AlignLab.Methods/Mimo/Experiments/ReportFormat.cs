using System.Globalization;
using AlignLab.Reports;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>Invariant-culture cell formatting shared by the MIMO reports.</summary>
internal static class ReportFormat
{
    public static string Db(double db) => double.IsNaN(db) ? "—" : db.ToString("F1", CultureInfo.InvariantCulture) + " dB";
    public static string DbWithError(double db, double error) =>
        double.IsNaN(db) ? "—" : string.Format(CultureInfo.InvariantCulture, "{0:F1} ± {1:F1} dB", db, error);
    /// <summary>A dB difference with an explicit sign ("+1.2 dB", "−0.4 dB", "+0.0 dB").</summary>
    public static string SignedDb(double db)
    {
        double rounded = Math.Round(db, 1);
        if (rounded == 0) rounded = 0; // no "−0.0"
        return (rounded >= 0 ? "+" : "−") + Math.Abs(rounded).ToString("F1", CultureInfo.InvariantCulture) + " dB";
    }

    public static string Number(double v, string format = "F1") => double.IsNaN(v) ? "—" : v.ToString(format, CultureInfo.InvariantCulture);
    public static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
    public static string Linear(double v) => double.IsNaN(v) ? "—" : v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Consecutive trial seeds as readers expect them: "seeds 1000–1019", or "seed 1000" for one.</summary>
    public static string Seeds(int first, int count) =>
        count == 1 ? "seed " + Int(first) : string.Format(CultureInfo.InvariantCulture, "seeds {0}–{1}", first, first + count - 1);

    /// <summary>"R·b + side = total" bit accounting of a point.</summary>
    public static string Bits(PointSummary s) =>
        string.Format(CultureInfo.InvariantCulture, "{0} + {1} = {2}", s.FeedbackBits, s.SideInformationBits, s.FeedbackBits + s.SideInformationBits);

    /// <summary>The per-point table every MIMO sweep report carries, with the exact bit accounting.</summary>
    public static Table SummaryTable(string caption, SweepResult sweep, Func<int, string> pointLabel)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in sweep.Summaries)
        {
            var scenario = sweep.Points[s.Point];
            rows.Add([pointLabel(s.Point), s.Arm, Int(scenario.Measurements), Bits(s), Int(s.TrainingLength),
                      DbWithError(s.NmseDb, s.NmseDbError), Number(s.StreamGain), Number(s.SingleStreamGain), Number(s.Rate, "F2"),
                      Number(s.AngleRmseDegrees, "F2"), Number(s.Seconds, "F3"), Number(s.Iterations), Int(s.Trials)]);
        }
        return new Table(caption,
            ["point", "method", "R", "bits: feedback + side = total", "training pilots", "NMSE (mean ± SE)", "BGain (K-stream)",
             "single-stream gain", "rate (b/s/Hz)", "angle RMSE (°)", "s/trial", "iterations", "trials"], rows);
    }

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
