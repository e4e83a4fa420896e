using AlignLab.Core;
using AlignLab.Methods.Mimo;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Tests.Mimo;

public class SchemeTests
{
    private static ChannelMatrix Channel(int seed) =>
        MultipathChannel.Synthesize(6, 8, new UlaChannelGenerator(6, 8, 3).DrawPaths(new Generator((ulong)(seed))));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NoiselessMeasurementsAreTheSensingMatrixTimesTheChannel(int scheme)
    {
        var h = Channel(scheme);
        var sketch = FeedbackSchemes.Create(scheme).Sketch(h, 40, new Generator(9));
        var expected = new double[40];
        sketch.Sensing.Multiply(h.Vector, expected);
        for (int r = 0; r < 40; r++) Assert.Equal(expected[r], sketch.Measurements[r], 11);
        Assert.Equal(scheme == 1 ? 32 : 40, sketch.TrainingLength); // 2^round(log2(3·8)) = 32 pilots vs one per measurement
    }

    [Fact]
    public void SchemeTwoRowsAreRankOneOuterProducts()
    {
        var h = Channel(4);
        var m = FeedbackSchemes.Create(2).Sketch(h, 10, new Generator(1)).Sensing;
        int nr = 6, nt = 8;
        for (int r = 0; r < 10; r++)
        {
            var row = m.Row(r).ToArray();
            // Re block: a_top·sᵀ and Im block: a_bottom·sᵀ share s, so every 2×2 minor across the stacked [a_top; a_bottom]×s vanishes
            for (int i = 0; i < 2 * nr; i++)
                for (int c = 1; c < nt; c++)
                {
                    double Entry(int ii, int cc) => ii < nr ? row[cc * nr + ii] : row[nr * nt + cc * nr + ii - nr];
                    Assert.Equal(0, Entry(i, 0) * Entry(0, c) - Entry(i, c) * Entry(0, 0), 12);
                }
        }
    }

    [Fact]
    public void WalshHadamardPilotsAreOrthonormalRows()
    {
        var rows = WalshHadamard.RandomRows(5, 16, new Generator(3));
        for (int a = 0; a < 5; a++)
            for (int b = 0; b < 5; b++)
                Assert.Equal(a == b ? 1 : 0, DenseKernels.Dot(rows.AsSpan(a * 16, 16), rows.AsSpan(b * 16, 16)), 12);
    }

    [Fact]
    public void PilotNoiseMakesSchemeOneInexact()
    {
        var h = Channel(6);
        var sketch = new ChannelSketchScheme(pilotSnrDb: 10).Sketch(h, 30, new Generator(2));
        var clean = new double[30];
        sketch.Sensing.Multiply(h.Vector, clean);
        double error = DenseKernels.SquaredDistance(clean, sketch.Measurements) / DenseKernels.SquaredNorm(clean);
        Assert.InRange(error, 0.01, 1.0); // roughly the 10 dB noise floor
    }
}
