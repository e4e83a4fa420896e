using AlignLab.Methods.Mimo;
using MathNet.Numerics;

namespace AlignLab.Methods.Tests.Mimo;

public class NormalDistributionTests
{
    [Fact]
    public void ErfcMatchesMathNetAcrossAllThreeIntervals()
    {
        for (double x = -6; x <= 26; x += 0.0371)
        {
            double expected = SpecialFunctions.Erfc(x), actual = NormalDistribution.Erfc(x);
            // e^{−x²} carries the rounding of x² (relative ~ε·x²), so the bound grows with x²
            Assert.True(Math.Abs(actual - expected) <= 1e-15 * (1 + x * x) * expected + 1e-300,
                        $"erfc({x}) = {actual}, expected {expected}");
        }
    }

    [Fact]
    public void CdfHasTheKnownValues()
    {
        Assert.Equal(0.5, NormalDistribution.Cdf(0), 15);
        Assert.Equal(0.9750021048517795, NormalDistribution.Cdf(1.96), 14);
        Assert.Equal(1, NormalDistribution.Cdf(-5) / 2.866515718791939e-7, 13);
    }

    public static TheoryData<double, double, double, double> Bins => new()
    {
        { 0.3, -1, 1, 1 },          // mean inside the bin
        { 2.5, -1, 1, 1 },          // bin below the mean
        { -4.0, 3, 5, 0.7 },        // far above, narrow σ
        { 0.0, 1, double.PositiveInfinity, 1 }, // open outer bin
        { 1.0, double.NegativeInfinity, -2, 0.5 },
        { -0.2, -0.1, 0.1, 2 },     // bin much narrower than σ
        { 0.0, 30, 32, 1 },         // 30σ in the tail: φ and P are ~1e-196
        { 0.0, -62, -60, 1 },       // beyond double range for e^{−x²/2}: only the scaled form survives
        { 1.0, 40, double.PositiveInfinity, 1 },
    };

    [Theory]
    [MemberData(nameof(Bins))]
    public void TruncatedMeanEqualsNumericalIntegration(double mean, double lower, double upper, double sigma)
    {
        // ∫ x φ((x−μ)/σ) dx / ∫ φ((x−μ)/σ) dx by composite Simpson on the bin, clipped to 12σ beyond its nearest
        // point to the mean; the density is taken relative to that point so far-tail bins do not underflow
        double nearest = Math.Clamp(mean, lower, upper);
        double a = Math.Max(lower, nearest - 12 * sigma), b = Math.Min(upper, nearest + 12 * sigma);
        double reference = (nearest - mean) * (nearest - mean);
        int n = 200_000;
        double h = (b - a) / n, num = 0, den = 0;
        for (int i = 0; i <= n; i++)
        {
            double x = a + i * h, w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            double d = Math.Exp(-0.5 * ((x - mean) * (x - mean) - reference) / (sigma * sigma));
            num += w * x * d; den += w * d;
        }
        double expected = num / den;
        Assert.Equal(expected, NormalDistribution.TruncatedMean(mean, lower, upper, sigma), 7);
    }

    [Fact]
    public void ProbabilityFloorBoundsTheCorrectionLikeTheCode()
    {
        // bin 5σ above the mean: exact mean is inside the bin, floored one is pulled only by σ·Δφ/1e-3
        double exact = NormalDistribution.TruncatedMean(0, 5, 7, 1);
        double floored = NormalDistribution.TruncatedMean(0, 5, 7, 1, 1e-3);
        Assert.InRange(exact, 5, 7);
        Assert.Equal(-(NormalDistribution.Pdf(7) - NormalDistribution.Pdf(5)) / 1e-3, floored, 12);
    }

    [Fact]
    public void IntervalProbabilityKeepsRelativeAccuracyInTheTails()
    {
        double p = NormalDistribution.IntervalProbability(9, 8);
        double expected = 0.5 * (SpecialFunctions.Erfc(8 / Math.Sqrt(2)) - SpecialFunctions.Erfc(9 / Math.Sqrt(2)));
        Assert.Equal(1, p / expected, 12);
        Assert.Equal(1.0, NormalDistribution.IntervalProbability(double.PositiveInfinity, double.NegativeInfinity));
    }
}
