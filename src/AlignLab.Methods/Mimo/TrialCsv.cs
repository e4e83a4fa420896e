using System.Globalization;

namespace AlignLab.Methods.Mimo;

/// <summary>CSV output of the Monte-Carlo harness: one row per (arm, trial), and one row per (arm, point).</summary>
public static class TrialCsv
{
    public static void WriteTrials(TextWriter writer, IEnumerable<TrialRecord> records)
    {
        writer.WriteLine("arm,point,trial,nmse,nmse_db,bgain,single_stream_gain,rate,angle_rmse_deg,seconds,iterations,channel_energy,feedback_bits,side_bits,training_length");
        foreach (var r in records)
            writer.WriteLine(string.Join(',', Quote(r.Arm), F(r.Point), F(r.Trial), F(r.Nmse), F(r.NmseDb), F(r.StreamGain), F(r.SingleStreamGain),
                                         F(r.Rate), F(r.AngleRmseDegrees), F(r.Seconds), F(r.Iterations), F(r.ChannelEnergy),
                                         F(r.FeedbackBits), F(r.SideInformationBits), F(r.TrainingLength)));
    }

    public static void WriteSummaries(TextWriter writer, IEnumerable<PointSummary> summaries)
    {
        writer.WriteLine("arm,point,trials,mean_nmse,nmse_db,nmse_db_err,bgain,bgain_err,single_stream_gain,rate,angle_rmse_deg,seconds,iterations,feedback_bits,side_bits,training_length");
        foreach (var s in summaries)
            writer.WriteLine(string.Join(',', Quote(s.Arm), F(s.Point), F(s.Trials), F(s.MeanNmse), F(s.NmseDb), F(s.NmseDbError), F(s.StreamGain),
                                         F(s.StreamGainError), F(s.SingleStreamGain), F(s.Rate), F(s.AngleRmseDegrees), F(s.Seconds),
                                         F(s.Iterations), F(s.FeedbackBits), F(s.SideInformationBits), F(s.TrainingLength)));
    }

    /// <summary>Writes to a temporary name and renames, so a reader never sees half a file.</summary>
    public static void WriteFile(string path, Action<TextWriter> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        using (var writer = new StreamWriter(temporary)) write(writer);
        File.Move(temporary, full, overwrite: true);
    }

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
    private static string F(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
