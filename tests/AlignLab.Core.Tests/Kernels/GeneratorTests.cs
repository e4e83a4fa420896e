namespace AlignLab.Core.Tests.Kernels;

public class GeneratorTests
{
    [Fact]
    public void SameSeedSameBitsDifferentSeedDifferentBits()
    {
        Assert.Equal(new Generator(7).Normal([100]).ToArray(), new Generator(7).Normal([100]).ToArray());
        Assert.NotEqual(new Generator(7).Normal([100]).ToArray(), new Generator(8).Normal([100]).ToArray());
    }

    [Fact]
    public void NormalHasTheRequestedMoments()
    {
        var x = new Generator(1).Normal([200_000], 2f, 3f).ToArray();
        double mean = x.Average(v => (double)v), var = x.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, 1.97, 2.03);
        Assert.InRange(Math.Sqrt(var), 2.97, 3.03);
    }

    [Fact]
    public void RandIntCoversTheRangeUniformly()
    {
        var counts = new int[5];
        foreach (var v in new Generator(2).RandInt([50_000], 0, 5).Data) counts[v]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void ForkedStreamsAreIndependentOfOrder()
    {
        var g = new Generator(3);
        var a = g.Fork(1).NextUInt64();
        var b = g.Fork(2).NextUInt64();
        Assert.Equal(a, new Generator(3).Fork(1).NextUInt64());
        Assert.NotEqual(a, b);
    }
}
