namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>A sweep over feedback budgets read by budget (bits) instead of by point index, for claims and summaries.</summary>
internal sealed class Budgets(SweepResult sweep, int[] bits)
{
    public SweepResult Sweep => sweep;
    public int[] Bits => bits;
    public bool Has(int b) => Array.IndexOf(bits, b) >= 0;
    public int[] From(int b) => bits.Where(x => x >= b).ToArray();
    public PointSummary this[MimoArm arm, int b] => sweep[arm, Array.IndexOf(bits, b)];
    public double Db(MimoArm arm, int b) => this[arm, b].NmseDb;
    public MimoScenario Scenario(int b) => sweep.Points[Array.IndexOf(bits, b)];
    /// <summary>BGain as a share of its ceiling, the mean ‖H‖²_F of the very channels at that budget.</summary>
    public double GainShare(MimoArm arm, int b) => this[arm, b].StreamGain / sweep.MeanChannelEnergy(Array.IndexOf(bits, b));
}
