namespace AlignLab.Methods.Mimo;

/// <summary>
/// Per-(arm, point) aggregate: NMSE averaged linearly then put in dB (as the paper plots it), with the dB spread of
/// ±1 standard error of that mean; the other metrics as plain means with standard errors.
/// </summary>
public sealed record PointSummary(string Arm, int Point, int Trials, double MeanNmse, double NmseDb, double NmseDbError,
                                  double StreamGain, double StreamGainError, double SingleStreamGain, double Rate,
                                  double AngleRmseDegrees, double Seconds, double Iterations, int FeedbackBits,
                                  int SideInformationBits, int TrainingLength)
{
    public static PointSummary Of(IReadOnlyList<TrialRecord> records)
    {
        if (records.Count == 0) throw new ArgumentException("cannot summarize zero trials.", nameof(records));
        int n = records.Count;
        var first = records[0];
        double Mean(Func<TrialRecord, double> f) { double s = 0; foreach (var r in records) s += f(r); return s / n; }
        double StdErr(Func<TrialRecord, double> f, double mean)
        {
            if (n < 2) return 0;
            double s = 0; foreach (var r in records) { double d = f(r) - mean; s += d * d; }
            return Math.Sqrt(s / (n - 1) / n);
        }
        double nmse = Mean(r => r.Nmse);
        double nmseError = StdErr(r => r.Nmse, nmse);
        // dB half-width of mean ± SE (upper side; symmetric enough for plotting)
        double dbError = nmse > 0 ? ChannelMetrics.ToDb(nmse + nmseError) - ChannelMetrics.ToDb(nmse) : 0;
        double gain = Mean(r => r.StreamGain);
        double angleSum = 0; int angleCount = 0;
        foreach (var r in records) if (!double.IsNaN(r.AngleRmseDegrees)) { angleSum += r.AngleRmseDegrees; angleCount++; }
        return new PointSummary(first.Arm, first.Point, n, nmse, ChannelMetrics.ToDb(nmse), dbError, gain, StdErr(r => r.StreamGain, gain),
                                Mean(r => r.SingleStreamGain), Mean(r => r.Rate), angleCount > 0 ? angleSum / angleCount : double.NaN,
                                Mean(r => r.Seconds), Mean(r => r.Iterations), first.FeedbackBits, first.SideInformationBits, first.TrainingLength);
    }

    /// <summary>Summaries per arm (in first-seen order) and point.</summary>
    public static List<PointSummary> Summarize(IEnumerable<TrialRecord> records)
    {
        var groups = new Dictionary<(string, int), List<TrialRecord>>();
        var order = new List<(string, int)>();
        foreach (var r in records)
        {
            var key = (r.Arm, r.Point);
            if (!groups.TryGetValue(key, out var list)) { groups[key] = list = new List<TrialRecord>(); order.Add(key); }
            list.Add(r);
        }
        var result = new List<PointSummary>(order.Count);
        foreach (var key in order) result.Add(Of(groups[key]));
        return result;
    }
}
