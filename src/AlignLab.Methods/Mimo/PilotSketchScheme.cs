using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// Scheme 2 ("compress the pilots"): the BS sends R real Gaussian pilots s_r ∈ R^{Nt}; the UE receives
/// y_r = H·s_r and feeds back one scalar q_r = a_rᵀ[Re y_r; Im y_r] with a_r ∈ R^{2Nr} i.i.d. N(0, 1/R) — a rank-one
/// measurement ⟨a_r x̃_rᵀ, H_big⟩. With real pilots it is linear in h: row r of M has a_r,top·s_rᵀ over the Re
/// block and a_r,bottom·s_rᵀ over the Im block. UE cost: one length-2Nr inner product per pilot, no channel estimate.
/// </summary>
public sealed class PilotSketchScheme : IFeedbackScheme
{
    public PilotSketchScheme(double? pilotSnrDb = null) => PilotSnrDb = pilotSnrDb;

    public int Number => 2;
    public string Name => "scheme 2 (pilot sketch)";
    public double? PilotSnrDb { get; }

    public SketchedChannel Sketch(ChannelMatrix channel, int measurements, Generator rng)
    {
        if (measurements < 1) throw new ArgumentException($"measurements must be >= 1, got {measurements}.", nameof(measurements));
        int nr = channel.Rows, nt = channel.Columns, p = channel.RealDimension, half = nr * nt;
        var pilots = new double[measurements * nt];
        rng.FillNormal(pilots, 1.0);
        var combiners = new double[measurements * 2 * nr];
        rng.FillNormal(combiners, 1.0 / Math.Sqrt(measurements));

        var (yRe, yIm) = FeedbackSchemes.Receive(channel, pilots, measurements);
        if (PilotSnrDb is double snr) FeedbackSchemes.AddPilotNoise(yRe, yIm, snr, rng);

        var q = new double[measurements];
        var m = new double[measurements * p];
        for (int k = 0; k < measurements; k++)
        {
            var a = combiners.AsSpan(k * 2 * nr, 2 * nr);
            q[k] = DenseKernels.Dot(a[..nr], yRe.AsSpan(k * nr, nr)) + DenseKernels.Dot(a[nr..], yIm.AsSpan(k * nr, nr));
            var row = m.AsSpan(k * p, p);
            for (int c = 0; c < nt; c++)
            {
                double s = pilots[k * nt + c];
                for (int r = 0; r < nr; r++)
                {
                    row[c * nr + r] = a[r] * s;
                    row[half + c * nr + r] = a[nr + r] * s;
                }
            }
        }
        return new SketchedChannel(new SensingMatrix(measurements, p, m), q, measurements);
    }
}
