namespace AlignLab.Methods.Mimo;

/// <summary>
/// Exact uplink cost of one feedback: R measurements of b bits plus the side information the base station needs
/// to interpret them (the quantizer scale, and the dither level when the likelihood models real dither),
/// and the downlink training length the scheme spends (pilots).
/// </summary>
public sealed record BitBudget(int Measurements, int BitsPerMeasurement, int SideInformationBits, string SideInformation, int TrainingLength)
{
    public int FeedbackBits => Measurements * BitsPerMeasurement;
    public int TotalBits => FeedbackBits + SideInformationBits;
    public override string ToString() =>
        $"{FeedbackBits} feedback bits ({Measurements} x {BitsPerMeasurement}) + {SideInformationBits} side bits ({SideInformation}) = {TotalBits}; training {TrainingLength} pilots";
}
