namespace AlignLab.Methods.Mimo;

/// <summary>The outcome of one arm on one trial (one channel draw).</summary>
public sealed record TrialRecord(string Arm, int Point, int Trial, double Nmse, double StreamGain, double SingleStreamGain,
                                 double Rate, double AngleRmseDegrees, double Seconds, int Iterations, double ChannelEnergy,
                                 int FeedbackBits, int SideInformationBits, int TrainingLength)
{
    public double NmseDb => ChannelMetrics.ToDb(Nmse);
}
