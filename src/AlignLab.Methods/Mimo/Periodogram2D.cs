using System.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The 2-D periodogram of a complex Nr×Nt matrix Y (column-major Re/Im spans) at continuous frequencies,
/// P(θ, φ) = |g|², g = a_r(θ)ᴴ·Y·conj(a_t(φ)) = Σ_m Σ_n e^{−jθm} Y[m,n] e^{−jφn}, and its local maximization.
/// g/(Nr·Nt) is the least-squares gain of a path at (θ, φ), so the peak is the best single-path fit.
/// Holds workspaces: one instance per thread.
/// </summary>
public sealed class Periodogram2D
{
    private readonly int _nr, _nt;
    private readonly double[] _erRe, _erIm, _etRe, _etIm;
    private readonly double[] _b0Re, _b0Im, _b1Re, _b1Im, _b2Re, _b2Im;

    public Periodogram2D(int rows, int columns)
    {
        if (rows < 1 || columns < 1) throw new ArgumentException($"periodogram shape {rows}x{columns} must be positive.");
        _nr = rows; _nt = columns;
        _erRe = new double[rows]; _erIm = new double[rows];
        _etRe = new double[columns]; _etIm = new double[columns];
        _b0Re = new double[rows]; _b0Im = new double[rows];
        _b1Re = new double[rows]; _b1Im = new double[rows];
        _b2Re = new double[rows]; _b2Im = new double[rows];
    }

    /// <summary>g(θ, φ) for the matrix (re, im).</summary>
    public Complex Correlate(ReadOnlySpan<double> re, ReadOnlySpan<double> im, double theta, double phi)
    {
        Phases(theta, _erRe, _erIm);
        Phases(phi, _etRe, _etIm);
        RowSums(re, im, withDerivatives: false);
        double gr = 0, gi = 0;
        for (int m = 0; m < _nr; m++)
        {
            gr += _erRe[m] * _b0Re[m] - _erIm[m] * _b0Im[m];
            gi += _erRe[m] * _b0Im[m] + _erIm[m] * _b0Re[m];
        }
        return new Complex(gr, gi);
    }

    /// <summary>
    /// Moves (θ, φ) uphill to the nearest local maximum of P: Newton steps on the 2×2 Hessian when it is negative
    /// definite, otherwise gradient steps of the scale-aware length 4/(P·(Nr²+Nt²)), each capped at half a beam
    /// width and checked by Armijo backtracking (skipped for Newton steps below 1e-6 rad, inside the quadratic
    /// region). The code runs 20 fixed-step gradient iterations; this reaches the same maximum (to ~1e-10 rad) in a
    /// handful. Returns g at the final point.
    /// </summary>
    public Complex Refine(ReadOnlySpan<double> re, ReadOnlySpan<double> im, ref double theta, ref double phi, int maxIterations)
    {
        double maxStep = Math.PI / Math.Max(_nr, _nt);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var g = Derivatives(re, im, theta, phi, out double pt, out double pp, out double ptt, out double ppp, out double ptp);
            double value = g.Real * g.Real + g.Imaginary * g.Imaginary;
            if (value == 0) return g;
            double dt, dp;
            double det = ptt * ppp - ptp * ptp;
            bool newton = ptt < 0 && det > 0;
            if (newton)
            {
                dt = -(ppp * pt - ptp * pp) / det;
                dp = -(ptt * pp - ptp * pt) / det;
            }
            else
            {
                double eta = 4.0 / (value * (_nr * _nr + _nt * _nt));
                dt = eta * pt; dp = eta * pp;
            }
            double length = Math.Max(Math.Abs(dt), Math.Abs(dp));
            if (length > maxStep) { dt *= maxStep / length; dp *= maxStep / length; length = maxStep; }
            double slope = pt * dt + pp * dp;
            if (!(slope > 0)) return g;
            if (newton && length < 1e-6)
            {
                theta += dt; phi += dp;
                if (length < 1e-10) break;
                continue;
            }
            bool accepted = false;
            double step = 1.0;
            for (int halving = 0; halving < 40; halving++, step *= 0.5)
            {
                var gTrial = Correlate(re, im, theta + step * dt, phi + step * dp);
                double trial = gTrial.Real * gTrial.Real + gTrial.Imaginary * gTrial.Imaginary;
                if (trial >= value + 1e-4 * step * slope)
                {
                    theta += step * dt; phi += step * dp; accepted = true;
                    break;
                }
            }
            if (!accepted) return g;
            if (step * length < 1e-10) break;
        }
        return Correlate(re, im, theta, phi);
    }

    /// <summary>Gradient and Hessian of P = |g|² in (θ, φ).</summary>
    public Complex Derivatives(ReadOnlySpan<double> re, ReadOnlySpan<double> im, double theta, double phi,
                               out double pt, out double pp, out double ptt, out double ppp, out double ptp)
    {
        Phases(theta, _erRe, _erIm);
        Phases(phi, _etRe, _etIm);
        RowSums(re, im, withDerivatives: true);
        // g = Σ er b0; g_θ = Σ (−jm) er b0; g_θθ = Σ (−m²) er b0; g_φ = Σ er (−j b1); g_φφ = Σ er (−b2); g_θφ = Σ (−m) er b1
        Complex g = 0, gt = 0, gtt = 0, gp = 0, gpp = 0, gtp = 0;
        for (int m = 0; m < _nr; m++)
        {
            var e = new Complex(_erRe[m], _erIm[m]);
            var e0 = e * new Complex(_b0Re[m], _b0Im[m]);
            var e1 = e * new Complex(_b1Re[m], _b1Im[m]);
            var e2 = e * new Complex(_b2Re[m], _b2Im[m]);
            g += e0;
            gt += new Complex(0, -m) * e0;
            gtt += -(double)m * m * e0;
            gp += new Complex(0, -1) * e1;
            gpp += -e2;
            gtp += -(double)m * e1;
        }
        var cg = Complex.Conjugate(g);
        pt = 2 * (cg * gt).Real;
        pp = 2 * (cg * gp).Real;
        ptt = 2 * (gt.Real * gt.Real + gt.Imaginary * gt.Imaginary + (cg * gtt).Real);
        ppp = 2 * (gp.Real * gp.Real + gp.Imaginary * gp.Imaginary + (cg * gpp).Real);
        ptp = 2 * ((Complex.Conjugate(gp) * gt).Real + (cg * gtp).Real);
        return g;
    }

    /// <summary>b0[m] = Σ_n Y[m,n] e^{−jφn}; with derivatives also b1 = Σ n·(…), b2 = Σ n²·(…).</summary>
    private void RowSums(ReadOnlySpan<double> re, ReadOnlySpan<double> im, bool withDerivatives)
    {
        Array.Clear(_b0Re); Array.Clear(_b0Im);
        if (withDerivatives) { Array.Clear(_b1Re); Array.Clear(_b1Im); Array.Clear(_b2Re); Array.Clear(_b2Im); }
        for (int n = 0; n < _nt; n++)
        {
            double wr = _etRe[n], wi = _etIm[n];
            var colRe = re.Slice(n * _nr, _nr);
            var colIm = im.Slice(n * _nr, _nr);
            if (!withDerivatives)
            {
                for (int m = 0; m < _nr; m++)
                {
                    _b0Re[m] += colRe[m] * wr - colIm[m] * wi;
                    _b0Im[m] += colRe[m] * wi + colIm[m] * wr;
                }
                continue;
            }
            double n1 = n, n2 = (double)n * n;
            for (int m = 0; m < _nr; m++)
            {
                double tr = colRe[m] * wr - colIm[m] * wi, ti = colRe[m] * wi + colIm[m] * wr;
                _b0Re[m] += tr; _b0Im[m] += ti;
                _b1Re[m] += n1 * tr; _b1Im[m] += n1 * ti;
                _b2Re[m] += n2 * tr; _b2Im[m] += n2 * ti;
            }
        }
    }

    /// <summary>e^{−jωk} for k = 0..len−1.</summary>
    private static void Phases(double omega, double[] re, double[] im)
    {
        for (int k = 0; k < re.Length; k++)
        {
            var (s, c) = Math.SinCos(omega * k);
            re[k] = c; im[k] = -s;
        }
    }
}
