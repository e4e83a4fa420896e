using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>A UE-side compression scheme: it produces R real measurements of the channel and the linear model the BS uses for them.</summary>
public interface IFeedbackScheme
{
    /// <summary>1 or 2, as in the paper.</summary>
    int Number { get; }
    string Name { get; }
    SketchedChannel Sketch(ChannelMatrix channel, int measurements, Generator rng);
}

/// <summary>
/// The UE's real measurements q (before dither and quantization) and the sensing matrix M the base station knows
/// (from a shared seed); q = M·h exactly when the pilots are noise-free.
/// </summary>
public sealed record SketchedChannel(SensingMatrix Sensing, double[] Measurements, int TrainingLength);

public static class FeedbackSchemes
{
    /// <summary>Scheme 1 or 2 with the code's defaults (noise-free pilots).</summary>
    public static IFeedbackScheme Create(int scheme, double? pilotSnrDb = null) => scheme switch
    {
        1 => new ChannelSketchScheme(pilotSnrDb),
        2 => new PilotSketchScheme(pilotSnrDb),
        _ => throw new ArgumentException($"scheme must be 1 or 2, got {scheme}.", nameof(scheme)),
    };

    /// <summary>The UE's received pilots: column k of Y (Nr×count, column-major Re/Im) is H·s_k, s_k = row k of the count×Nt pilots.</summary>
    internal static (double[] Re, double[] Im) Receive(ChannelMatrix channel, ReadOnlySpan<double> pilots, int count)
    {
        int nr = channel.Rows, nt = channel.Columns;
        if (pilots.Length != count * nt) throw new ArgumentException($"pilots hold {pilots.Length} values, expected {count}x{nt}.", nameof(pilots));
        var re = new double[nr * count];
        var im = new double[nr * count];
        for (int k = 0; k < count; k++)
            for (int c = 0; c < nt; c++)
            {
                double s = pilots[k * nt + c];
                DenseKernels.Axpy(s, channel.Real.Slice(c * nr, nr), re.AsSpan(k * nr, nr));
                DenseKernels.Axpy(s, channel.Imaginary.Slice(c * nr, nr), im.AsSpan(k * nr, nr));
            }
        return (re, im);
    }

    /// <summary>Adds circular complex Gaussian noise at the given SNR (relative to the mean power of the entries).</summary>
    internal static void AddPilotNoise(Span<double> re, Span<double> im, double snrDb, Generator rng)
    {
        double energy = DenseKernels.SquaredNorm(re) + DenseKernels.SquaredNorm(im);
        double sigma = Math.Sqrt(energy / (re.Length * Math.Pow(10, snrDb / 10)));
        for (int i = 0; i < re.Length; i++)
        {
            re[i] += sigma / Math.Sqrt(2) * rng.NextGaussian();
            im[i] += sigma / Math.Sqrt(2) * rng.NextGaussian();
        }
    }
}
