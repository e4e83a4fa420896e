using AlignLab.Core.Kernels;

namespace AlignLab.Core.Tests.Kernels;

/// <summary>The worker team runs every index once and surfaces a body's exception unchanged.</summary>
public class ParallelismTests
{
    [Fact]
    public void EveryIndexRunsExactlyOnce()
    {
        var hits = new int[1000];
        Parallelism.For(hits.Length, 2, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void ABodysExceptionIsRethrownAsItself()
    {
        var ex = Assert.Throws<ArgumentException>(() => Parallelism.For(64, 2, i => { if (i == 40) throw new ArgumentException("bad index 40"); }));
        Assert.Equal("bad index 40", ex.Message);
        // The team is usable again afterwards.
        int sum = 0;
        Parallelism.For(10, 2, i => Interlocked.Add(ref sum, i));
        Assert.Equal(45, sum);
    }
}
