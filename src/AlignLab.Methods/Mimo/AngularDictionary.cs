namespace AlignLab.Methods.Mimo;

/// <summary>
/// An oversampled 2-D DFT dictionary of paths on a fixed angular grid: H = A_r·X·A_tᵀ with
/// A_r[m,p] = e^{j2πpm/G_r}, A_t[n,q] = e^{j2πqn/G_t}, G = oversampling·N. Both directions are tight frames
/// (A_r A_rᴴ = G_r I), so the synthesis operator's squared norm is G_r·G_t. Coefficients are row-major G_r×G_t.
/// Not thread-safe (workspaces).
/// </summary>
public sealed class AngularDictionary
{
    private readonly double[] _arRe, _arIm, _atRe, _atIm; // [p*N + m]
    private readonly double[] _zRe, _zIm;                // G_r×N_t intermediate

    public AngularDictionary(int rows, int columns, int oversampling)
    {
        if (oversampling < 1) throw new ArgumentException($"oversampling must be >= 1, got {oversampling}.", nameof(oversampling));
        Rows = rows; Columns = columns;
        GridRows = oversampling * rows;
        GridColumns = oversampling * columns;
        (_arRe, _arIm) = Atoms(rows, GridRows);
        (_atRe, _atIm) = Atoms(columns, GridColumns);
        _zRe = new double[GridRows * columns];
        _zIm = new double[GridRows * columns];
    }

    public int Rows { get; }
    public int Columns { get; }
    public int GridRows { get; }
    public int GridColumns { get; }
    public int Size => GridRows * GridColumns;
    public double SquaredOperatorNorm => (double)GridRows * GridColumns;

    /// <summary>Channel (h layout) from coefficients.</summary>
    public void Synthesize(ReadOnlySpan<double> xRe, ReadOnlySpan<double> xIm, Span<double> h)
    {
        int nr = Rows, nt = Columns, gr = GridRows, gt = GridColumns;
        // Z[p,n] = Σ_q X[p,q] e^{j φ_q n}
        for (int p = 0; p < gr; p++)
            for (int n = 0; n < nt; n++)
            {
                double sr = 0, si = 0;
                for (int q = 0; q < gt; q++)
                {
                    double xr = xRe[p * gt + q], xi = xIm[p * gt + q];
                    if (xr == 0 && xi == 0) continue;
                    double wr = _atRe[q * nt + n], wi = _atIm[q * nt + n];
                    sr += xr * wr - xi * wi; si += xr * wi + xi * wr;
                }
                _zRe[p * nt + n] = sr; _zIm[p * nt + n] = si;
            }
        var re = h[..(nr * nt)];
        var im = h[(nr * nt)..];
        // H[m,n] = Σ_p e^{j θ_p m} Z[p,n]
        for (int n = 0; n < nt; n++)
            for (int m = 0; m < nr; m++)
            {
                double sr = 0, si = 0;
                for (int p = 0; p < gr; p++)
                {
                    double wr = _arRe[p * nr + m], wi = _arIm[p * nr + m], zr = _zRe[p * nt + n], zi = _zIm[p * nt + n];
                    sr += wr * zr - wi * zi; si += wr * zi + wi * zr;
                }
                re[n * nr + m] = sr; im[n * nr + m] = si;
            }
    }

    /// <summary>Adjoint: coefficients X[p,q] = Σ_m Σ_n e^{−jθ_p m} H[m,n] e^{−jφ_q n} of a channel-shaped vector.</summary>
    public void Analyze(ReadOnlySpan<double> h, Span<double> xRe, Span<double> xIm)
    {
        int nr = Rows, nt = Columns, gr = GridRows, gt = GridColumns;
        var re = h[..(nr * nt)];
        var im = h[(nr * nt)..];
        for (int p = 0; p < gr; p++)
            for (int n = 0; n < nt; n++)
            {
                double sr = 0, si = 0;
                for (int m = 0; m < nr; m++)
                {
                    double wr = _arRe[p * nr + m], wi = -_arIm[p * nr + m], gRe = re[n * nr + m], gIm = im[n * nr + m];
                    sr += wr * gRe - wi * gIm; si += wr * gIm + wi * gRe;
                }
                _zRe[p * nt + n] = sr; _zIm[p * nt + n] = si;
            }
        for (int p = 0; p < gr; p++)
            for (int q = 0; q < gt; q++)
            {
                double sr = 0, si = 0;
                for (int n = 0; n < nt; n++)
                {
                    double wr = _atRe[q * nt + n], wi = -_atIm[q * nt + n], zr = _zRe[p * nt + n], zi = _zIm[p * nt + n];
                    sr += zr * wr - zi * wi; si += zr * wi + zi * wr;
                }
                xRe[p * gt + q] = sr; xIm[p * gt + q] = si;
            }
    }

    private static (double[] Re, double[] Im) Atoms(int n, int grid)
    {
        var re = new double[grid * n];
        var im = new double[grid * n];
        for (int p = 0; p < grid; p++)
            for (int m = 0; m < n; m++)
            {
                var (s, c) = Math.SinCos(2 * Math.PI * p * m / grid);
                re[p * n + m] = c; im[p * n + m] = s;
            }
        return (re, im);
    }
}
