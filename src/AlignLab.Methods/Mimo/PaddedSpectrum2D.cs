using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The zero-padded 2-D DFT of an Nr×Nt matrix on an Lr×Lt grid, X[p,q] = Σ_m Σ_n Y[m,n] e^{−j2πpm/Lr} e^{−j2πqn/Lt}
/// (row-major p×q), which RELAX searches for its initial peak. Besides the FFT it provides the grid transform of
/// a single path, β·D_r[p]·D_t[q], so a residual's spectrum can be updated path by path instead of re-transformed.
/// </summary>
public sealed class PaddedSpectrum2D
{
    private readonly Complex[] _rowBuffer, _columnBuffer, _partial;
    private readonly double[] _twiddleRRe, _twiddleRIm, _twiddleTRe, _twiddleTIm;

    public PaddedSpectrum2D(int rows, int columns, int gridRows, int gridColumns)
    {
        if (gridRows < rows || gridColumns < columns)
            throw new ArgumentException($"grid {gridRows}x{gridColumns} must be at least the matrix size {rows}x{columns}.");
        if (!IsPowerOfTwo(gridRows) || !IsPowerOfTwo(gridColumns))
            throw new ArgumentException($"grid {gridRows}x{gridColumns} must have power-of-two sides.");
        Rows = rows; Columns = columns; GridRows = gridRows; GridColumns = gridColumns;
        Re = new double[gridRows * gridColumns];
        Im = new double[gridRows * gridColumns];
        _rowBuffer = new Complex[gridColumns];
        _columnBuffer = new Complex[gridRows];
        _partial = new Complex[rows * gridColumns];
        (_twiddleRRe, _twiddleRIm) = Twiddles(gridRows);
        (_twiddleTRe, _twiddleTIm) = Twiddles(gridColumns);
    }

    /// <summary>Grid side for an oversampling factor, as in the code: 2^⌈log2(factor·N)⌉.</summary>
    public static int GridSize(int n, int oversampling) => 1 << (int)Math.Ceiling(Math.Log2((double)oversampling * n) - 1e-12);

    public int Rows { get; }
    public int Columns { get; }
    public int GridRows { get; }
    public int GridColumns { get; }
    public double[] Re { get; }
    public double[] Im { get; }

    /// <summary>Frequency of grid row p (radians, in [0, 2π)).</summary>
    public double RowFrequency(int p) => 2 * Math.PI * p / GridRows;
    public double ColumnFrequency(int q) => 2 * Math.PI * q / GridColumns;

    /// <summary>Fills the grid with the padded DFT of the column-major matrix (re, im).</summary>
    public void Transform(ReadOnlySpan<double> re, ReadOnlySpan<double> im)
    {
        int nr = Rows, nt = Columns, lr = GridRows, lt = GridColumns;
        for (int m = 0; m < nr; m++)
        {
            Array.Clear(_rowBuffer);
            for (int n = 0; n < nt; n++) _rowBuffer[n] = new Complex(re[n * nr + m], im[n * nr + m]);
            Fourier.Forward(_rowBuffer, FourierOptions.Matlab);
            Array.Copy(_rowBuffer, 0, _partial, m * lt, lt);
        }
        for (int q = 0; q < lt; q++)
        {
            Array.Clear(_columnBuffer);
            for (int m = 0; m < nr; m++) _columnBuffer[m] = _partial[m * lt + q];
            Fourier.Forward(_columnBuffer, FourierOptions.Matlab);
            for (int p = 0; p < lr; p++)
            {
                Re[p * lt + q] = _columnBuffer[p].Real;
                Im[p * lt + q] = _columnBuffer[p].Imaginary;
            }
        }
    }

    /// <summary>D[p] = Σ_{m&lt;n} e^{jωm} e^{−j2πpm/L}: the grid transform of one steering vector (rows: L = GridRows).</summary>
    public void RowKernel(double omega, Span<double> outRe, Span<double> outIm) =>
        Kernel(omega, Rows, GridRows, _twiddleRRe, _twiddleRIm, outRe, outIm);

    public void ColumnKernel(double omega, Span<double> outRe, Span<double> outIm) =>
        Kernel(omega, Columns, GridColumns, _twiddleTRe, _twiddleTIm, outRe, outIm);

    /// <summary>Grid += sign·β·D_r ⊗ D_t.</summary>
    public void AddOuter(Complex beta, ReadOnlySpan<double> drRe, ReadOnlySpan<double> drIm,
                         ReadOnlySpan<double> dtRe, ReadOnlySpan<double> dtIm, double sign)
    {
        int lt = GridColumns;
        double br = sign * beta.Real, bi = sign * beta.Imaginary;
        for (int p = 0; p < GridRows; p++)
            DenseKernels.ComplexAxpy(br * drRe[p] - bi * drIm[p], br * drIm[p] + bi * drRe[p], dtRe, dtIm,
                                     Re.AsSpan(p * lt, lt), Im.AsSpan(p * lt, lt));
    }

    /// <summary>Grid += β·D_r ⊗ D_t (skipped when β = 0), then the cell of largest magnitude — one pass over the grid.</summary>
    public (int Row, int Column) AddOuterAndArgMax(Complex beta, ReadOnlySpan<double> drRe, ReadOnlySpan<double> drIm,
                                                   ReadOnlySpan<double> dtRe, ReadOnlySpan<double> dtIm)
    {
        int lt = GridColumns, bestRow = 0;
        double best = -1, br = beta.Real, bi = beta.Imaginary;
        bool add = beta != Complex.Zero;
        for (int p = 0; p < GridRows; p++)
        {
            var rowRe = Re.AsSpan(p * lt, lt);
            var rowIm = Im.AsSpan(p * lt, lt);
            if (add) DenseKernels.ComplexAxpy(br * drRe[p] - bi * drIm[p], br * drIm[p] + bi * drRe[p], dtRe, dtIm, rowRe, rowIm);
            double rowBest = DenseKernels.MaxMagnitudeSquared(rowRe, rowIm);
            if (rowBest > best) { best = rowBest; bestRow = p; }
        }
        return (bestRow, ArgMaxInRow(bestRow));
    }

    /// <summary>The grid cell of largest magnitude (first one in row-major order on ties, as MATLAB's max).</summary>
    public (int Row, int Column) ArgMax() => AddOuterAndArgMax(Complex.Zero, default, default, default, default);

    private int ArgMaxInRow(int p)
    {
        int lt = GridColumns, best = 0;
        double bestValue = -1;
        for (int q = 0; q < lt; q++)
        {
            double re = Re[p * lt + q], im = Im[p * lt + q], v = re * re + im * im;
            if (v > bestValue) { bestValue = v; best = q; }
        }
        return best;
    }

    /// <summary>
    /// D[p] = Σ_{m&lt;n} z_p^m with z_p = e^{j(ω − 2πp/L)}, summed in closed form (1 − z_pⁿ)/(1 − z_p) using the
    /// twiddle table; directly where z_p is too close to 1 for the quotient to be accurate.
    /// </summary>
    private static void Kernel(double omega, int n, int l, double[] twRe, double[] twIm, Span<double> outRe, Span<double> outIm)
    {
        var (s1, c1) = Math.SinCos(omega);
        var (sn, cn) = Math.SinCos(omega * n);
        int index = 0; // n·p mod l
        for (int p = 0; p < l; p++)
        {
            double zr = c1 * twRe[p] - s1 * twIm[p], zi = c1 * twIm[p] + s1 * twRe[p];
            double dr = 1 - zr, di = -zi;
            double den = dr * dr + di * di;
            if (den > 1e-8)
            {
                double nr = 1 - (cn * twRe[index] - sn * twIm[index]), ni = -(cn * twIm[index] + sn * twRe[index]);
                outRe[p] = (nr * dr + ni * di) / den;
                outIm[p] = (ni * dr - nr * di) / den;
            }
            else
            {
                double sr = 0, si = 0, pr = 1, pi = 0;
                for (int m = 0; m < n; m++)
                {
                    sr += pr; si += pi;
                    (pr, pi) = (pr * zr - pi * zi, pr * zi + pi * zr);
                }
                outRe[p] = sr; outIm[p] = si;
            }
            index += n % l;
            if (index >= l) index -= l;
        }
    }

    /// <summary>e^{−j2πk/L} for k = 0..L−1.</summary>
    internal static (double[] Re, double[] Im) Twiddles(int l)
    {
        var re = new double[l];
        var im = new double[l];
        for (int k = 0; k < l; k++)
        {
            var (s, c) = Math.SinCos(2 * Math.PI * k / l);
            re[k] = c; im[k] = -s;
        }
        return (re, im);
    }

    private static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;
}
