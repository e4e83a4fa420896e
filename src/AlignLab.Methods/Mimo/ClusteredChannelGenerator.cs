using AlignLab.Core;
namespace AlignLab.Methods.Mimo;

/// <summary>
/// A harder, DeepMIMO-like case: the K paths come in a few clusters; cluster centres (AoA, AoD) are separated as in
/// the uniform generator, and each path sits at a Gaussian offset (standard deviation = spread) from its centre, so
/// paths within a cluster may be closer than an array beam width. Gains follow the same law as the paper's generator.
/// </summary>
public sealed class ClusteredChannelGenerator : IChannelGenerator
{
    public ClusteredChannelGenerator(int rows, int columns, int paths, int clusters = 2, double spreadDegrees = 3,
                                     double clusterSeparationDegrees = 20, double edgeMarginDegrees = 10)
    {
        if (rows < 1 || columns < 1) throw new ArgumentException($"array shape {rows}x{columns} must be positive.", nameof(rows));
        if (paths < 1) throw new ArgumentException($"paths must be >= 1, got {paths}.", nameof(paths));
        if (clusters < 1 || clusters > paths) throw new ArgumentException($"clusters must be in [1, paths={paths}], got {clusters}.", nameof(clusters));
        if (spreadDegrees < 0) throw new ArgumentException($"spread must be >= 0, got {spreadDegrees}.", nameof(spreadDegrees));
        if ((clusters - 1) * clusterSeparationDegrees > 0.5 * (180 - 2 * edgeMarginDegrees))
            throw new ArgumentException($"{clusters} clusters cannot be {clusterSeparationDegrees}° apart.", nameof(clusterSeparationDegrees));
        Rows = rows; Columns = columns; Paths = paths; Clusters = clusters;
        Spread = spreadDegrees * Math.PI / 180;
        Separation = clusterSeparationDegrees * Math.PI / 180;
        Low = (-90 + edgeMarginDegrees) * Math.PI / 180;
        High = (90 - edgeMarginDegrees) * Math.PI / 180;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int Paths { get; }
    public int Clusters { get; }
    public double Spread { get; }
    public double Separation { get; }
    public double Low { get; }
    public double High { get; }
    public string Name => "ula-clustered";

    public PropagationPath[] DrawPaths(Generator rng)
    {
        var centreDeparture = UlaChannelGenerator.SeparatedAngles(rng, Clusters, Low, High, Separation);
        var centreArrival = UlaChannelGenerator.SeparatedAngles(rng, Clusters, Low, High, Separation);
        var result = new PropagationPath[Paths];
        double limit = Math.PI / 2 - 1e-3;
        for (int k = 0; k < Paths; k++)
        {
            int c = k % Clusters;
            double aod = Math.Clamp(centreDeparture[c] + Spread * rng.NextGaussian(), -limit, limit);
            double aoa = Math.Clamp(centreArrival[c] + Spread * rng.NextGaussian(), -limit, limit);
            result[k] = new PropagationPath(UniformLinearArray.SpatialFrequency(aoa), UniformLinearArray.SpatialFrequency(aod),
                                            UlaChannelGenerator.DrawGain(rng, 0.5, 1.0, Paths));
        }
        return result;
    }
}
