using System.Numerics;
using AlignLab.Methods.Mimo;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Tests.Mimo;

public class RelaxTests
{
    private static readonly PropagationPath[] ThreePaths =
    [
        new(0.9, -1.7, new Complex(1.0, 0.2)),
        new(-1.2, 0.4, new Complex(-0.5, 0.6)),
        new(2.4, 2.1, new Complex(0.3, -0.7)),
    ];

    [Theory]
    [InlineData(false, 16)]
    [InlineData(true, 16)]
    [InlineData(false, 4)]
    public void RecoversWellSeparatedPathsFromANoiselessMatrix(bool exhaustive, int oversampling)
    {
        var h = MultipathChannel.Synthesize(8, 8, ThreePaths);
        var relax = new Relax2D(8, 8, new RelaxSettings(GridOversampling: oversampling, ExhaustiveGrid: exhaustive));
        var fitted = relax.Fit(h.Real, h.Imaginary, 3);
        foreach (var expected in ThreePaths)
        {
            var match = fitted.MinBy(f => Math.Abs(f.OmegaR - expected.OmegaR) + Math.Abs(f.OmegaT - expected.OmegaT));
            Assert.Equal(expected.OmegaR, match.OmegaR, 6);
            Assert.Equal(expected.OmegaT, match.OmegaT, 6);
            Assert.Equal(expected.Gain.Real, match.Gain.Real, 6);
            Assert.Equal(expected.Gain.Imaginary, match.Gain.Imaginary, 6);
        }
        var rebuilt = MultipathChannel.Synthesize(8, 8, fitted);
        Assert.True(ChannelMetrics.Nmse(h, rebuilt) < 1e-12);
    }

    [Fact]
    public void ZeroMatrixGivesZeroGainPaths()
    {
        var fitted = new Relax2D(5, 6).Fit(new double[30], new double[30], 2);
        Assert.All(fitted, p => Assert.Equal(Complex.Zero, p.Gain));
    }

    [Fact]
    public void FrequenciesAreWrappedToTheFundamentalInterval()
    {
        var h = MultipathChannel.Synthesize(6, 7, [new PropagationPath(-2.9, 3.0, Complex.One)]);
        var fitted = new Relax2D(6, 7).Fit(h.Real, h.Imaginary, 1);
        Assert.Equal(-2.9, fitted[0].OmegaR, 8);
        Assert.Equal(3.0, fitted[0].OmegaT, 8);
    }

    [Fact]
    public void PeriodogramDerivativesMatchFiniteDifferences()
    {
        var h = MultipathChannel.Synthesize(7, 9, ThreePaths);
        var pg = new Periodogram2D(7, 9);
        double theta = 0.7, phi = -1.5, e = 1e-5;
        double P(double t, double f) { var g = pg.Correlate(h.Real, h.Imaginary, t, f); return g.Real * g.Real + g.Imaginary * g.Imaginary; }
        pg.Derivatives(h.Real, h.Imaginary, theta, phi, out double pt, out double pp, out double ptt, out double ppp, out double ptp);
        double value = P(theta, phi), e2 = 1e-4;
        Close((P(theta + e, phi) - P(theta - e, phi)) / (2 * e), pt, value);
        Close((P(theta, phi + e) - P(theta, phi - e)) / (2 * e), pp, value);
        Close((P(theta + e2, phi) - 2 * value + P(theta - e2, phi)) / (e2 * e2), ptt, value);
        Close((P(theta, phi + e2) - 2 * value + P(theta, phi - e2)) / (e2 * e2), ppp, value);
        Close((P(theta + e2, phi + e2) - P(theta + e2, phi - e2) - P(theta - e2, phi + e2) + P(theta - e2, phi - e2)) / (4 * e2 * e2), ptp, value);
    }

    /// <summary>|expected − actual| ≤ 1e-5 of the periodogram's own scale (derivatives are O(P·N^k)).</summary>
    private static void Close(double expected, double actual, double scale) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * scale, $"finite difference {expected}, analytic {actual} (scale {scale})");

    [Fact]
    public void PaddedTransformAndPathKernelsMatchTheDirectDft()
    {
        int nr = 5, nt = 6, lr = 16, lt = 32;
        var h = MultipathChannel.Synthesize(nr, nt, ThreePaths);
        var spectrum = new PaddedSpectrum2D(nr, nt, lr, lt);
        spectrum.Transform(h.Real, h.Imaginary);
        Complex Direct(int p, int q)
        {
            Complex s = 0;
            for (int m = 0; m < nr; m++)
                for (int n = 0; n < nt; n++)
                    s += h[m, n] * Complex.Exp(new Complex(0, -2 * Math.PI * (p * m / (double)lr + q * n / (double)lt)));
            return s;
        }
        for (int p = 0; p < lr; p += 3)
            for (int q = 0; q < lt; q += 5)
            {
                var d = Direct(p, q);
                Assert.Equal(d.Real, spectrum.Re[p * lt + q], 10);
                Assert.Equal(d.Imaginary, spectrum.Im[p * lt + q], 10);
            }

        // subtracting every path's β·D_r ⊗ D_t leaves zero; ω = 2π·3/16 exercises the direct-sum branch (z_p = 1)
        var onGrid = MultipathChannel.Synthesize(nr, nt, [new PropagationPath(2 * Math.PI * 3 / lr, 0.3, new Complex(0.5, 0.5))]);
        spectrum.Transform(onGrid.Real, onGrid.Imaginary);
        double[] drRe = new double[lr], drIm = new double[lr], dtRe = new double[lt], dtIm = new double[lt];
        spectrum.RowKernel(2 * Math.PI * 3 / lr, drRe, drIm);
        spectrum.ColumnKernel(0.3, dtRe, dtIm);
        spectrum.AddOuter(new Complex(0.5, 0.5), drRe, drIm, dtRe, dtIm, -1);
        Assert.True(DenseKernels.MaxMagnitudeSquared(spectrum.Re, spectrum.Im) < 1e-20);
    }
}
