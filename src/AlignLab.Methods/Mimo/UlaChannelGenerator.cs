using AlignLab.Core;
using System.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The paper's synthetic channel (code: RandomHGenerator): K paths whose AoAs and AoDs are each i.i.d. uniform on
/// [−90°+margin, 90°−margin] and redrawn until every pair within a set is at least the minimum separation apart;
/// |β| ~ U[gainMin, gainMax], ∠β ~ U[0, 2π), β divided by √K (so E‖H‖²_F = Nr·Nt·E|β|² with the defaults 7/12·Nr·Nt).
/// </summary>
public sealed class UlaChannelGenerator : IChannelGenerator
{
    public UlaChannelGenerator(int rows, int columns, int paths, double minSeparationDegrees = 4, double edgeMarginDegrees = 4,
                               double gainMin = 0.5, double gainMax = 1.0, double spacing = UniformLinearArray.HalfWavelength)
    {
        if (rows < 1) throw new ArgumentException($"Nr must be >= 1, got {rows}.", nameof(rows));
        if (columns < 1) throw new ArgumentException($"Nt must be >= 1, got {columns}.", nameof(columns));
        if (paths < 1) throw new ArgumentException($"paths must be >= 1, got {paths}.", nameof(paths));
        if (gainMin < 0 || gainMax < gainMin) throw new ArgumentException($"gain range [{gainMin}, {gainMax}] is invalid.", nameof(gainMin));
        double span = 180 - 2 * edgeMarginDegrees;
        if (span <= 0) throw new ArgumentException($"edge margin {edgeMarginDegrees}° leaves no angles.", nameof(edgeMarginDegrees));
        // Rejection sampling needs room: K points at least δ apart must fit comfortably in the span.
        if ((paths - 1) * minSeparationDegrees > 0.5 * span)
            throw new ArgumentException($"{paths} paths cannot be {minSeparationDegrees}° apart within ±{90 - edgeMarginDegrees}°.", nameof(minSeparationDegrees));
        Rows = rows; Columns = columns; Paths = paths;
        MinSeparation = minSeparationDegrees * Math.PI / 180;
        Low = (-90 + edgeMarginDegrees) * Math.PI / 180;
        High = (90 - edgeMarginDegrees) * Math.PI / 180;
        GainMin = gainMin; GainMax = gainMax; Spacing = spacing;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int Paths { get; }
    public string Name => "ula-uniform";
    public double MinSeparation { get; }
    public double Low { get; }
    public double High { get; }
    public double GainMin { get; }
    public double GainMax { get; }
    public double Spacing { get; }

    public PropagationPath[] DrawPaths(Generator rng)
    {
        var departure = SeparatedAngles(rng, Paths, Low, High, MinSeparation);
        var arrival = SeparatedAngles(rng, Paths, Low, High, MinSeparation);
        var result = new PropagationPath[Paths];
        for (int k = 0; k < Paths; k++)
            result[k] = new PropagationPath(
                UniformLinearArray.SpatialFrequency(arrival[k], Spacing),
                UniformLinearArray.SpatialFrequency(departure[k], Spacing),
                DrawGain(rng, GainMin, GainMax, Paths));
        return result;
    }

    internal static Complex DrawGain(Generator rng, double gainMin, double gainMax, int paths)
    {
        double magnitude = gainMin + (gainMax - gainMin) * rng.NextDouble();
        double phase = 2 * Math.PI * rng.NextDouble();
        return Complex.FromPolarCoordinates(magnitude / Math.Sqrt(paths), phase);
    }

    /// <summary>
    /// The code's angle_generation: fill the missing angles uniformly, then drop the later member of every pair
    /// closer than the separation, and repeat until none is missing.
    /// </summary>
    internal static double[] SeparatedAngles(Generator rng, int count, double low, double high, double separation)
    {
        var angles = new double[count];
        var missing = new bool[count];
        Array.Fill(missing, true);
        for (int attempt = 0; attempt < 1_000_000; attempt++)
        {
            for (int i = 0; i < count; i++)
                if (missing[i]) { angles[i] = low + (high - low) * rng.NextDouble(); missing[i] = false; }
            bool anyClose = false;
            for (int j = 1; j < count; j++)
                for (int i = 0; i < j; i++)
                    if (Math.Abs(angles[i] - angles[j]) < separation) { missing[j] = true; anyClose = true; }
            if (!anyClose) return angles;
        }
        throw new InvalidOperationException($"could not place {count} angles {separation} rad apart.");
    }
}
