using System.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// One path of the double-directional model: spatial frequencies at the UE (ω_r) and BS (ω_t) and a complex gain.
/// The path contributes Gain · a_Nr(ω_r) a_Nt(ω_t)ᵀ, with a_N(ω) = [1, e^{jω}, …, e^{j(N−1)ω}]ᵀ.
/// </summary>
public readonly record struct PropagationPath(double OmegaR, double OmegaT, Complex Gain);

/// <summary>Builds channels from paths: H = Σ_k β_k a_r(ω_k^r) a_t(ω_k^t)ᵀ (plain transpose).</summary>
public static class MultipathChannel
{
    public static ChannelMatrix Synthesize(int rows, int columns, ReadOnlySpan<PropagationPath> paths)
    {
        var h = new ChannelMatrix(rows, columns);
        foreach (var path in paths) AddPath(h.Real, h.Imaginary, rows, columns, path, 1.0);
        return h;
    }

    /// <summary>Adds sign·path to a column-major complex matrix held as separate Re/Im spans.</summary>
    public static void AddPath(Span<double> re, Span<double> im, int rows, int columns, PropagationPath path, double sign)
    {
        Span<double> arRe = rows <= 256 ? stackalloc double[rows] : new double[rows];
        Span<double> arIm = rows <= 256 ? stackalloc double[rows] : new double[rows];
        for (int r = 0; r < rows; r++) (arIm[r], arRe[r]) = Math.SinCos(path.OmegaR * r);
        double gr = sign * path.Gain.Real, gi = sign * path.Gain.Imaginary;
        for (int c = 0; c < columns; c++)
        {
            var (st, ct) = Math.SinCos(path.OmegaT * c);
            // β·e^{jω_t c}
            double br = gr * ct - gi * st, bi = gr * st + gi * ct;
            int offset = c * rows;
            for (int r = 0; r < rows; r++)
            {
                re[offset + r] += br * arRe[r] - bi * arIm[r];
                im[offset + r] += br * arIm[r] + bi * arRe[r];
            }
        }
    }
}
