using System.Numerics;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// 2-D RELAX (Li–Stoica cyclic harmonic retrieval): the best K-path approximation of a complex Nr×Nt matrix.
/// Paths are added one at a time; after adding path k̄ all k̄ paths are cyclically re-fitted, each to the residual
/// without it (grid peak of the padded 2-D DFT → local periodogram maximization → least-squares gain), until the
/// fit error's relative change is below the tolerance or the sweep limit is hit.
/// The residual is kept both as a matrix and as its grid spectrum, each updated by one path at a time.
/// Not thread-safe (owns its workspaces).
/// </summary>
public sealed class Relax2D
{
    private readonly int _nr, _nt;
    private readonly RelaxSettings _settings;
    private readonly Periodogram2D _periodogram;
    private readonly PaddedSpectrum2D _search;       // incrementally updated residual spectrum (coarse grid)
    private readonly PaddedSpectrum2D? _exhaustive;  // re-transformed fine grid, when exhaustive
    private readonly int _fineRows, _fineColumns;
    private readonly double[] _eRe, _eIm;            // residual y − Σ paths
    private double[] _drRe = [], _drIm = [], _dtRe = [], _dtIm = [];
    private readonly double[] _fineB0Re, _fineB0Im;
    private readonly double[] _fineTwiddleRRe, _fineTwiddleRIm, _fineTwiddleTRe, _fineTwiddleTIm;
    private PropagationPath[] _paths = [];

    public Relax2D(int rows, int columns, RelaxSettings? settings = null)
    {
        _settings = settings ?? new RelaxSettings();
        _settings.Validate();
        _nr = rows; _nt = columns;
        _periodogram = new Periodogram2D(rows, columns);
        _fineRows = PaddedSpectrum2D.GridSize(rows, _settings.GridOversampling);
        _fineColumns = PaddedSpectrum2D.GridSize(columns, _settings.GridOversampling);
        int coarse = Math.Min(_settings.CoarseOversampling, _settings.GridOversampling);
        if (_settings.ExhaustiveGrid)
            _exhaustive = new PaddedSpectrum2D(rows, columns, _fineRows, _fineColumns);
        _search = new PaddedSpectrum2D(rows, columns, PaddedSpectrum2D.GridSize(rows, coarse), PaddedSpectrum2D.GridSize(columns, coarse));
        _eRe = new double[rows * columns];
        _eIm = new double[rows * columns];
        _fineB0Re = new double[rows]; _fineB0Im = new double[rows];
        (_fineTwiddleRRe, _fineTwiddleRIm) = PaddedSpectrum2D.Twiddles(_fineRows);
        (_fineTwiddleTRe, _fineTwiddleTIm) = PaddedSpectrum2D.Twiddles(_fineColumns);
    }

    public RelaxSettings Settings => _settings;

    /// <summary>Sweeps of the last call, summed over k̄ (a diagnostic).</summary>
    public int LastSweeps { get; private set; }

    /// <summary>K paths fitted to the column-major complex matrix (re, im); frequencies wrapped to (−π, π].</summary>
    public PropagationPath[] Fit(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int paths)
    {
        if (paths < 1) throw new ArgumentException($"RELAX needs at least one path, got {paths}.", nameof(paths));
        if (re.Length != _nr * _nt || im.Length != _nr * _nt)
            throw new ArgumentException($"RELAX input has {re.Length}/{im.Length} entries, expected {_nr}x{_nt}.");
        EnsureCapacity(paths);
        re.CopyTo(_eRe);
        im.CopyTo(_eIm);
        LastSweeps = 0;
        double energy = DenseKernels.SquaredNorm(_eRe) + DenseKernels.SquaredNorm(_eIm);
        var result = new PropagationPath[paths];
        if (energy == 0) return result; // nothing to fit: K zero-gain paths at frequency 0

        if (!_settings.ExhaustiveGrid) _search.Transform(_eRe, _eIm);
        for (int k = 0; k < paths; k++) _paths[k] = default;

        FitPath(0);
        for (int active = 2; active <= paths; active++)
        {
            double relative = double.PositiveInfinity;
            for (int sweep = 0; sweep < _settings.MaxSweeps && relative > _settings.SweepTolerance; sweep++)
            {
                double before = ResidualEnergy();
                FitPath(active - 1);
                for (int k = 0; k < active - 1; k++) FitPath(k);
                double after = ResidualEnergy();
                relative = before > 0 ? Math.Abs(before - after) / before : 0;
                LastSweeps++;
            }
        }
        for (int k = 0; k < paths; k++)
            result[k] = _paths[k] with
            {
                OmegaR = UniformLinearArray.WrapFrequency(_paths[k].OmegaR),
                OmegaT = UniformLinearArray.WrapFrequency(_paths[k].OmegaT),
            };
        return result;
    }

    /// <summary>Fits a K-path model and returns it as a matrix in the h layout.</summary>
    public ChannelMatrix Project(ChannelMatrix matrix, int paths, out PropagationPath[] fitted)
    {
        fitted = Fit(matrix.Real, matrix.Imaginary, paths);
        return MultipathChannel.Synthesize(_nr, _nt, fitted);
    }

    private double ResidualEnergy() => DenseKernels.SquaredNorm(_eRe) + DenseKernels.SquaredNorm(_eIm);

    /// <summary>Re-fits path k to the residual that excludes it.</summary>
    private void FitPath(int k)
    {
        var old = _paths[k];
        int lr = _search.GridRows, lt = _search.GridColumns;
        var drRe = _drRe.AsSpan(k * lr, lr); var drIm = _drIm.AsSpan(k * lr, lr);
        var dtRe = _dtRe.AsSpan(k * lt, lt); var dtIm = _dtIm.AsSpan(k * lt, lt);
        if (old.Gain != Complex.Zero) MultipathChannel.AddPath(_eRe, _eIm, _nr, _nt, old, +1);

        var (theta, phi) = GridPeak(old.Gain, drRe, drIm, dtRe, dtIm);
        var g = _periodogram.Refine(_eRe, _eIm, ref theta, ref phi, _settings.RefineIterations);
        var fitted = new PropagationPath(theta, phi, g / (_nr * _nt));
        _paths[k] = fitted;

        MultipathChannel.AddPath(_eRe, _eIm, _nr, _nt, fitted, -1);
        if (!_settings.ExhaustiveGrid)
        {
            _search.RowKernel(theta, drRe, drIm);
            _search.ColumnKernel(phi, dtRe, dtIm);
            _search.AddOuter(fitted.Gain, drRe, drIm, dtRe, dtIm, -1);
        }
    }

    /// <summary>
    /// Initial (θ, φ) of a path: the largest cell of the padded spectrum of the residual without the path. The kept
    /// spectrum excludes every path, so the path's own grid transform (gain β) is added back first.
    /// </summary>
    private (double Theta, double Phi) GridPeak(Complex beta, ReadOnlySpan<double> drRe, ReadOnlySpan<double> drIm,
                                                ReadOnlySpan<double> dtRe, ReadOnlySpan<double> dtIm)
    {
        if (_exhaustive is not null)
        {
            _exhaustive.Transform(_eRe, _eIm);
            var (p, q) = _exhaustive.ArgMax();
            return (_exhaustive.RowFrequency(p), _exhaustive.ColumnFrequency(q));
        }
        var (pc, qc) = _search.AddOuterAndArgMax(beta, drRe, drIm, dtRe, dtIm);
        if (_search.GridRows == _fineRows && _search.GridColumns == _fineColumns)
            return (_search.RowFrequency(pc), _search.ColumnFrequency(qc));
        return FineGridPeak(pc, qc);
    }

    /// <summary>The best fine-grid cell within one coarse cell of the coarse peak, evaluated directly on the residual.</summary>
    private (double Theta, double Phi) FineGridPeak(int pc, int qc)
    {
        int rr = _fineRows / _search.GridRows, rt = _fineColumns / _search.GridColumns;
        double best = -1;
        int bestP = 0, bestQ = 0;
        for (int dq = -rt; dq <= rt; dq++)
        {
            int q = Mod(qc * rt + dq, _fineColumns);
            // b0[m] = Σ_n E[m,n] e^{−j2πqn/L_t}
            Array.Clear(_fineB0Re); Array.Clear(_fineB0Im);
            int index = 0;
            for (int n = 0; n < _nt; n++)
            {
                double c = _fineTwiddleTRe[index], sn = _fineTwiddleTIm[index];
                DenseKernels.ComplexAxpy(c, sn, _eRe.AsSpan(n * _nr, _nr), _eIm.AsSpan(n * _nr, _nr), _fineB0Re, _fineB0Im);
                index += q; if (index >= _fineColumns) index -= _fineColumns;
            }
            for (int dp = -rr; dp <= rr; dp++)
            {
                int p = Mod(pc * rr + dp, _fineRows);
                double gr = 0, gi = 0;
                int rowIndex = 0;
                for (int m = 0; m < _nr; m++)
                {
                    double c = _fineTwiddleRRe[rowIndex], sn = _fineTwiddleRIm[rowIndex];
                    gr += _fineB0Re[m] * c - _fineB0Im[m] * sn;
                    gi += _fineB0Im[m] * c + _fineB0Re[m] * sn;
                    rowIndex += p; if (rowIndex >= _fineRows) rowIndex -= _fineRows;
                }
                double v = gr * gr + gi * gi;
                if (v > best) { best = v; bestP = p; bestQ = q; }
            }
        }
        return (2 * Math.PI * bestP / _fineRows, 2 * Math.PI * bestQ / _fineColumns);
    }

    private void EnsureCapacity(int paths)
    {
        if (_paths.Length >= paths) return;
        _paths = new PropagationPath[paths];
        _drRe = new double[paths * _search.GridRows]; _drIm = new double[paths * _search.GridRows];
        _dtRe = new double[paths * _search.GridColumns]; _dtIm = new double[paths * _search.GridColumns];
    }

    private static int Mod(int a, int m) => ((a % m) + m) % m;
}
