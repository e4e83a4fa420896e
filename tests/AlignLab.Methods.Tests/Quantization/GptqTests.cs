using AlignLab.Core;
using AlignLab.Methods.Quantization;

namespace AlignLab.Methods.Tests.Quantization;

public class GptqTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void LayerOutputErrorIsAtMostRoundToNearests(int bits)
    {
        var g = new Generator((ulong)bits);
        // Correlated inputs with one large channel, as a linear's inputs look, so the error feedback has something to use.
        var mix = g.Normal([16, 16]);
        var x = g.Normal([200, 16]).MatMul(mix);
        var span = x.AsSpan();
        for (int r = 0; r < 200; r++) span[r * 16 + 3] *= 5f;
        var w = g.Normal([12, 16]);
        var h = new Gptq.Hessian(16);
        h.Add(x);
        var spec = new QuantSpec(bits, Clip: 1f);
        double gptq = Gptq.OutputError(w, Gptq.Quantize(w, h, spec), h);
        double rtn = Gptq.OutputError(w, Gptq.RoundToNearest(w, spec), h);
        Assert.True(gptq <= rtn, $"GPTQ {gptq} > RTN {rtn}");
        Assert.True(gptq < 0.9 * rtn, $"GPTQ {gptq} barely improves on RTN {rtn}");
    }

    [Fact]
    public void OutputErrorFromTheHessianEqualsTheDirectSum()
    {
        var g = new Generator(9);
        var x = g.Normal([30, 8]);
        var w = g.Normal([5, 8]);
        var q = w.FakeQuantize(2);
        var h = new Gptq.Hessian(8);
        h.Add(x);
        var diff = (x.MatMul(w.T()) - x.MatMul(q.T())).ToArray();
        Assert.Equal(diff.Sum(v => (double)v * v), Gptq.OutputError(w, q, h), 2);
    }

    [Fact]
    public void GptqWeightsLieOnEachRowsGrid()
    {
        var g = new Generator(10);
        var x = g.Normal([50, 8]);
        var w = g.Normal([4, 8]);
        var h = new Gptq.Hessian(8);
        h.Add(x);
        var q = Gptq.Quantize(w, h, new QuantSpec(3, Clip: 1f)).ToArray();
        // At most 2^3 distinct values per row.
        for (int r = 0; r < 4; r++) Assert.True(q.Skip(r * 8).Take(8).Distinct().Count() <= 8);
    }
}
