namespace AlignLab.Methods.Mimo;

/// <summary>
/// The paper's b-bit mid-rise uniform quantizer in scaled units: 2^b levels, thresholds at the even integers
/// −2^b+2, …, 2^b−2, reconstruction points at the odd integers ±1, …, ±(2^b−1); level i covers
/// [−2^b + 2i, −2^b + 2i + 2]. For b = 1 it is the sign quantizer.
/// </summary>
public sealed class UniformQuantizer
{
    public const int MaxBits = 16;

    public UniformQuantizer(int bits)
    {
        if (bits < 1 || bits > MaxBits) throw new ArgumentException($"bits must be in [1, {MaxBits}], got {bits}.", nameof(bits));
        Bits = bits;
        Levels = 1 << bits;
    }

    public int Bits { get; }
    public int Levels { get; }
    /// <summary>The scaled range is [−2^b, 2^b]: the UE scales by 2^b / max|q|.</summary>
    public double Range => Levels;

    /// <summary>The level index: the number of thresholds strictly below x (the code's <c>sum(x &gt; partition)</c>).</summary>
    public int Quantize(double scaled)
    {
        // thresholds t_j = −2^b + 2j for j = 1..2^b−1; x > t_j ⇔ j < (x + 2^b)/2
        double position = (scaled + Levels) / 2.0;
        if (!(position > 1)) return 0;
        int index = (int)Math.Ceiling(position) - 1;
        return Math.Min(index, Levels - 1);
    }

    /// <summary>The odd-integer reconstruction point of a level.</summary>
    public double Reconstruction(int level) => -Levels + 1 + 2.0 * level;

    /// <summary>Lower edge of a level's bin; −∞ for the bottom level when the outer bins are open.</summary>
    public double LowerEdge(int level, bool openOuterBins) =>
        level == 0 && openOuterBins ? double.NegativeInfinity : -Levels + 2.0 * level;

    /// <summary>Upper edge of a level's bin; +∞ for the top level when the outer bins are open.</summary>
    public double UpperEdge(int level, bool openOuterBins) =>
        level == Levels - 1 && openOuterBins ? double.PositiveInfinity : -Levels + 2.0 * level + 2;
}
