using AlignLab.Core;
using AlignLab.Methods.Mimo;

namespace AlignLab.Methods.Tests.Mimo;

public class QuantizerTests
{
    [Theory]
    [InlineData(1, new double[] { -2, 0, 2 }, new double[] { -1, 1 })]
    [InlineData(2, new double[] { -4, -2, 0, 2, 4 }, new double[] { -3, -1, 1, 3 })]
    [InlineData(3, new double[] { -8, -6, -4, -2, 0, 2, 4, 6, 8 }, new double[] { -7, -5, -3, -1, 1, 3, 5, 7 })]
    [InlineData(4, new double[] { -16, -14, -12, -10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10, 12, 14, 16 },
                   new double[] { -15, -13, -11, -9, -7, -5, -3, -1, 1, 3, 5, 7, 9, 11, 13, 15 })]
    public void BinEdgesAndReconstructionPointsMatchThePaperQuantizer(int bits, double[] edges, double[] points)
    {
        var q = new UniformQuantizer(bits);
        Assert.Equal(points.Length, q.Levels);
        for (int level = 0; level < q.Levels; level++)
        {
            Assert.Equal(edges[level], q.LowerEdge(level, openOuterBins: false));
            Assert.Equal(edges[level + 1], q.UpperEdge(level, openOuterBins: false));
            Assert.Equal(points[level], q.Reconstruction(level));
            // a value just inside each bin lands in it; a threshold itself belongs to the lower bin (x > t moves up)
            Assert.Equal(level, q.Quantize(edges[level] + 1e-9));
            Assert.Equal(level, q.Quantize(edges[level + 1] - 1e-9));
            if (level < q.Levels - 1) Assert.Equal(level, q.Quantize(edges[level + 1]));
        }
        Assert.Equal(0, q.Quantize(-1e9));
        Assert.Equal(q.Levels - 1, q.Quantize(1e9));
        Assert.Equal(double.NegativeInfinity, q.LowerEdge(0, openOuterBins: true));
        Assert.Equal(double.PositiveInfinity, q.UpperEdge(q.Levels - 1, openOuterBins: true));
        Assert.Equal(edges[1], q.LowerEdge(1, openOuterBins: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void RejectsBitsOutOfRange(int bits) => Assert.Throws<ArgumentException>(() => new UniformQuantizer(bits));

    [Fact]
    public void AdaptiveScaleFillsTheRangeAndCountsTheScaleAsSideInformation()
    {
        var rng = new Generator(4);
        var q = new double[200];
        rng.FillNormal(q, 0.7);
        var fb = new FeedbackQuantizer(new QuantizerSettings(3)).Quantize(q, trainingLength: 64, rng);
        double maxAbs = q.Max(Math.Abs);
        // the scale is 2^b over max|q| rounded up to float16, so every value stays inside [−8, 8]
        Assert.InRange(8 / fb.Scale, maxAbs, maxAbs * (1 + 1.0 / 1024));
        for (int i = 0; i < q.Length; i++)
        {
            Assert.InRange(fb.Scale * q[i], fb.Lower[i], fb.Upper[i]);
            Assert.Equal(fb.Reconstructed[i], (fb.Lower[i] + fb.Upper[i]) / 2);
        }
        Assert.Equal(1.0, fb.Sigma);
        Assert.False(fb.OpenOuterBins);
        Assert.Equal(600, fb.Budget.FeedbackBits);
        Assert.Equal(16, fb.Budget.SideInformationBits);
        Assert.Equal(616, fb.Budget.TotalBits);
        Assert.Equal(64, fb.Budget.TrainingLength);
    }

    [Fact]
    public void GaussianDitherSendsItsSigmaAndOpensTheOuterBins()
    {
        var rng = new Generator(5);
        var q = new double[400];
        rng.FillNormal(q, 1.0);
        double rms = Math.Sqrt(q.Sum(v => v * v) / q.Length);
        var fb = new FeedbackQuantizer(new QuantizerSettings(1, DitherMode.Gaussian, DitherSnrDb: 0)).Quantize(q, 10, rng);
        Assert.True(fb.OpenOuterBins);
        Assert.Equal(32, fb.Budget.SideInformationBits);
        // σ in scaled units = c · rms/√SNR (0 dB) up to float16 rounding
        Assert.Equal(fb.Scale * rms, fb.Sigma, fb.Sigma * 1e-3);
        Assert.All(fb.Lower, l => Assert.True(l == double.NegativeInfinity || l == 0));
        Assert.All(fb.Upper, u => Assert.True(u == double.PositiveInfinity || u == 0));
    }

    [Fact]
    public void AllZeroMeasurementsAreRejectedWithTheFieldName()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeedbackQuantizer(new QuantizerSettings()).Quantize(new double[5], 1, new Generator(1)));
        Assert.Contains("measurements", e.Message);
    }
}
