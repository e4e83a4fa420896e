using System.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>Beamforming quality of an estimate on the true channel.</summary>
/// <param name="StreamGain">‖Û_Kᴴ H V̂_K‖²_F with Û_K, V̂_K the top-K singular vectors of Ĥ (K-stream SVD beamforming).</param>
/// <param name="SingleStreamGain">|û_1ᴴ H v̂_1|².</param>
/// <param name="Rate">log2 det(I + SNR/K · H_eff H_effᴴ), H_eff = Û_Kᴴ H V̂_K, bits/s/Hz.</param>
public readonly record struct BeamformingGains(double StreamGain, double SingleStreamGain, double Rate);

/// <summary>The paper's metrics: NMSE and the beamforming gains of an estimate.</summary>
public static class ChannelMetrics
{
    /// <summary>‖Ĥ − H‖²_F / ‖H‖²_F (averaged linearly over trials; reported in dB of the mean).</summary>
    public static double Nmse(ChannelMatrix truth, ChannelMatrix estimate)
    {
        if (truth.Rows != estimate.Rows || truth.Columns != estimate.Columns)
            throw new ArgumentException($"estimate is {estimate.Rows}x{estimate.Columns}, truth {truth.Rows}x{truth.Columns}.", nameof(estimate));
        double energy = truth.FrobeniusNormSquared();
        if (!(energy > 0)) throw new ArgumentException("the true channel is zero: NMSE is undefined.", nameof(truth));
        return DenseKernels.SquaredDistance(truth.Vector, estimate.Vector) / energy;
    }

    public static double ToDb(double linear) => 10 * Math.Log10(linear);

    public static BeamformingGains Beamforming(ChannelMatrix truth, ChannelMatrix estimate, int streams, double snrDb)
    {
        int maxStreams = Math.Min(truth.Rows, truth.Columns);
        if (streams < 1 || streams > maxStreams) throw new ArgumentException($"streams must be in [1, {maxStreams}], got {streams}.", nameof(streams));
        var h = truth.ToMathNet();
        var svd = estimate.ToMathNet().Svd(computeVectors: true);
        var u = svd.U.SubMatrix(0, truth.Rows, 0, streams);
        var v = svd.VT.ConjugateTranspose().SubMatrix(0, truth.Columns, 0, streams);
        var effective = u.ConjugateTranspose() * h * v;
        double gain = 0;
        for (int i = 0; i < streams; i++)
            for (int j = 0; j < streams; j++)
                gain += effective[i, j].MagnitudeSquared();
        double single = effective[0, 0].MagnitudeSquared();
        double snr = Math.Pow(10, snrDb / 10);
        var gram = Matrix<Complex>.Build.DenseIdentity(streams) + effective * effective.ConjugateTranspose() * (snr / streams);
        // Hermitian positive definite: log det = 2 Σ log diag(L)
        var cholesky = gram.Cholesky();
        double logDet = 0;
        for (int i = 0; i < streams; i++) logDet += 2 * Math.Log(cholesky.Factor[i, i].Real);
        return new BeamformingGains(gain, single, logDet / Math.Log(2));
    }
}
