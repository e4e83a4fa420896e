using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// Scheme 1 ("compress the channel"): the BS sends N_p = 2^round(log2(3·Nt)) orthogonal Walsh–Hadamard pilots
/// (Nt random rows, normalized by √N_p, so S·Sᵀ = I); the UE estimates Ĥ = Y·Sᵀ, then sends q = A·ĥ with
/// A ∈ R^{R×P} i.i.d. N(0, 1/R). UE cost: the channel estimate plus R·P multiply-adds.
/// </summary>
public sealed class ChannelSketchScheme : IFeedbackScheme
{
    public ChannelSketchScheme(double? pilotSnrDb = null, double pilotFactor = 3)
    {
        if (pilotFactor < 1) throw new ArgumentException($"pilot factor must be >= 1, got {pilotFactor}.", nameof(pilotFactor));
        PilotSnrDb = pilotSnrDb;
        PilotFactor = pilotFactor;
    }

    public int Number => 1;
    public string Name => "scheme 1 (channel sketch)";
    public double? PilotSnrDb { get; }
    public double PilotFactor { get; }

    public int PilotCount(int nt) => 1 << (int)Math.Round(Math.Log2(PilotFactor * nt));

    public SketchedChannel Sketch(ChannelMatrix channel, int measurements, Generator rng)
    {
        if (measurements < 1) throw new ArgumentException($"measurements must be >= 1, got {measurements}.", nameof(measurements));
        int nt = channel.Columns, p = channel.RealDimension;
        var estimate = EstimateWithPilots(channel, rng);

        var a = new double[measurements * p];
        rng.FillNormal(a, 1.0 / Math.Sqrt(measurements));
        var sensing = new SensingMatrix(measurements, p, a);
        var q = new double[measurements];
        sensing.Multiply(estimate.Vector, q);
        return new SketchedChannel(sensing, q, PilotCount(nt));
    }

    /// <summary>Ĥ = (H·S + noise)·Sᵀ with S the chosen Walsh–Hadamard codes (one per BS antenna); exact without pilot noise.</summary>
    private ChannelMatrix EstimateWithPilots(ChannelMatrix channel, Generator rng)
    {
        int nr = channel.Rows, nt = channel.Columns, np = PilotCount(nt);
        var codes = WalshHadamard.RandomRows(nt, np, rng); // nt×np: antenna c sends codes[c, t] at time t
        var pilots = new double[np * nt];                  // np×nt: the pilot vector of time t
        for (int c = 0; c < nt; c++)
            for (int t = 0; t < np; t++)
                pilots[t * nt + c] = codes[c * np + t];
        var (yRe, yIm) = FeedbackSchemes.Receive(channel, pilots, np);
        if (PilotSnrDb is double snr) FeedbackSchemes.AddPilotNoise(yRe, yIm, snr, rng);
        var estimate = new ChannelMatrix(nr, nt);
        for (int c = 0; c < nt; c++)
            for (int t = 0; t < np; t++)
            {
                double s = codes[c * np + t];
                DenseKernels.Axpy(s, yRe.AsSpan(t * nr, nr), estimate.Real.Slice(c * nr, nr));
                DenseKernels.Axpy(s, yIm.AsSpan(t * nr, nr), estimate.Imaginary.Slice(c * nr, nr));
            }
        return estimate;
    }
}
