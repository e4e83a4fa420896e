using AlignLab.Core;
using System.Numerics;
using AlignLab.Methods.Mimo;

namespace AlignLab.Methods.Tests.Mimo;

public class ChannelModelTests
{
    [Fact]
    public void SynthesizedChannelIsTheSumOfSteeringOuterProducts()
    {
        var paths = new PropagationPath[] { new(0.4, -1.1, new Complex(0.3, 0.8)), new(-2.0, 2.2, new Complex(-0.6, 0.1)) };
        var h = MultipathChannel.Synthesize(3, 4, paths);
        for (int m = 0; m < 3; m++)
            for (int n = 0; n < 4; n++)
            {
                Complex expected = 0;
                foreach (var p in paths) expected += p.Gain * Complex.Exp(new Complex(0, p.OmegaR * m + p.OmegaT * n));
                Assert.Equal(expected.Real, h[m, n].Real, 13);
                Assert.Equal(expected.Imaginary, h[m, n].Imaginary, 13);
            }
        // h layout: Re column-major, then Im column-major
        Assert.Equal(h[2, 1].Real, h.Vector[1 * 3 + 2]);
        Assert.Equal(h[2, 1].Imaginary, h.Vector[12 + 1 * 3 + 2]);
    }

    [Fact]
    public void GeneratorRespectsSeparationRangeAndGainLaw()
    {
        var generator = new UlaChannelGenerator(24, 32, 8);
        var rng = new Generator(1);
        double energy = 0;
        int draws = 600;
        for (int d = 0; d < draws; d++)
        {
            var paths = generator.DrawPaths(rng);
            var aoa = paths.Select(p => UniformLinearArray.Angle(p.OmegaR) * 180 / Math.PI).ToArray();
            var aod = paths.Select(p => UniformLinearArray.Angle(p.OmegaT) * 180 / Math.PI).ToArray();
            foreach (var set in new[] { aoa, aod })
            {
                Assert.All(set, a => Assert.InRange(a, -86 - 1e-9, 86 + 1e-9));
                for (int i = 0; i < set.Length; i++)
                    for (int j = 0; j < i; j++)
                        Assert.True(Math.Abs(set[i] - set[j]) >= 4 - 1e-9);
            }
            Assert.All(paths, p => Assert.InRange(p.Gain.Magnitude * Math.Sqrt(8), 0.5, 1.0));
            energy += MultipathChannel.Synthesize(24, 32, paths).FrobeniusNormSquared();
        }
        // E‖H‖² = Nr·Nt·E|β|²·K with E|√K β|² = 7/12: 448 for 24×32 (cross terms average out); ±4 %
        Assert.InRange(energy / draws, 448 * 0.96, 448 * 1.04);
    }

    [Fact]
    public void ClusteredGeneratorPutsPathsNearTheirCentres()
    {
        var generator = new ClusteredChannelGenerator(16, 16, 6, clusters: 2, spreadDegrees: 2);
        var paths = generator.DrawPaths(new Generator(3));
        var angles = paths.Select(p => UniformLinearArray.Angle(p.OmegaT) * 180 / Math.PI).ToArray();
        // paths 0, 2, 4 share a cluster and so do 1, 3, 5: within-cluster spread ≪ the 20° centre separation
        Assert.True(Math.Abs(angles[0] - angles[2]) < 15 && Math.Abs(angles[1] - angles[3]) < 15);
    }

    [Fact]
    public void NormalFillHasTheRequestedMomentsAndAnOddLengthTail()
    {
        var values = new double[200_001];
        new Generator(2).FillNormal(values, 2.0);
        double mean = values.Average(), variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 4 * 0.985, 4 * 1.015);
        Assert.NotEqual(0, values[^1]);
    }

    [Fact]
    public void AngleConversionRoundTrips()
    {
        foreach (double degrees in new[] { -80.0, -12.5, 0, 33, 86 })
        {
            double angle = degrees * Math.PI / 180;
            Assert.Equal(angle, UniformLinearArray.Angle(UniformLinearArray.SpatialFrequency(angle)), 12);
        }
        Assert.Equal(-Math.PI + 0.1, UniformLinearArray.WrapFrequency(Math.PI + 0.1), 12);
    }
}
