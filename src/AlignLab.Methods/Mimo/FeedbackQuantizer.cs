using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The UE's adaptive quantizer: optional Gaussian dither, scaling by c = 2^b / max|q + v| so values fill
/// [−2^b, 2^b], b-bit uniform quantization. The side information is sent as IEEE half (default) floats and the
/// UE itself uses the rounded values, so the base station's model is exactly what it can reconstruct.
/// </summary>
public sealed class FeedbackQuantizer
{
    public FeedbackQuantizer(QuantizerSettings settings)
    {
        settings.Validate();
        Settings = settings;
        Quantizer = new UniformQuantizer(settings.Bits);
    }

    public QuantizerSettings Settings { get; }
    public UniformQuantizer Quantizer { get; }

    /// <param name="measurements">The sketch q (length R).</param>
    /// <param name="trainingLength">Pilots the scheme spent, recorded in the bit budget.</param>
    /// <param name="rng">Dither randomness (unused without dither).</param>
    public QuantizedFeedback Quantize(ReadOnlySpan<double> measurements, int trainingLength, Generator rng)
    {
        int r = measurements.Length;
        if (r == 0) throw new ArgumentException("no measurements to quantize.", nameof(measurements));
        var signal = measurements.ToArray();
        double ditherSigma = 0;
        int sideBits = Settings.SideInformationScalarBits;
        string side = $"scale max|q| as float{sideBits}";
        if (Settings.Dither == DitherMode.Gaussian)
        {
            double rms = Math.Sqrt(DenseKernels.SquaredNorm(measurements) / r);
            ditherSigma = RoundForTransmission(rms / Math.Sqrt(Math.Pow(10, Settings.DitherSnrDb / 10)), roundUp: false);
            for (int i = 0; i < r; i++) signal[i] += ditherSigma * rng.NextGaussian();
            sideBits *= 2;
            side += $", dither sigma as float{Settings.SideInformationScalarBits}";
        }

        double maxAbs = 0;
        foreach (double v in signal) maxAbs = Math.Max(maxAbs, Math.Abs(v));
        if (!(maxAbs > 0) || double.IsInfinity(maxAbs))
            throw new ArgumentException($"measurements must contain a finite non-zero value to set the quantizer scale (max |q| = {maxAbs}).", nameof(measurements));
        // Rounded up so every scaled value stays inside [−2^b, 2^b].
        double sentMax = RoundForTransmission(maxAbs, roundUp: true);
        double scale = Quantizer.Range / sentMax;

        bool open = Settings.OuterBinsOpen;
        var levels = new int[r];
        var lower = new double[r];
        var upper = new double[r];
        var recon = new double[r];
        for (int i = 0; i < r; i++)
        {
            int level = Quantizer.Quantize(scale * signal[i]);
            levels[i] = level;
            lower[i] = Quantizer.LowerEdge(level, open);
            upper[i] = Quantizer.UpperEdge(level, open);
            recon[i] = Quantizer.Reconstruction(level);
        }
        double sigma = Settings.Dither == DitherMode.Gaussian ? scale * ditherSigma : 1.0;
        var budget = new BitBudget(r, Settings.Bits, sideBits, side, trainingLength);
        return new QuantizedFeedback(Settings.Bits, levels, lower, upper, recon, scale, sigma, open, budget);
    }

    /// <summary>The value after a round trip through the side-information float format.</summary>
    private double RoundForTransmission(double value, bool roundUp)
    {
        switch (Settings.SideInformationScalarBits)
        {
            case 16:
                var h = (Half)value;
                if (roundUp && (double)h < value) h = Half.BitIncrement(h);
                if (Half.IsInfinity(h) || (value > 0 && h == Half.Zero))
                    throw new ArgumentException($"side-information value {value} is outside the float16 range; use 32-bit side information.");
                return (double)h;
            case 32:
                float f = (float)value;
                if (roundUp && f < value) f = MathF.BitIncrement(f);
                return f;
            default:
                return value;
        }
    }
}
