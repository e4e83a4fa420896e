using System.Runtime.CompilerServices;

namespace AlignLab.Core.Tests.Kernels;

/// <summary>Large buffers come back to the pool only once nothing (tensor, view or span) references them.</summary>
[Collection("EngineSettings")]
public class StoragePoolTests
{
    private const int Big = StoragePool.MinPooledLength + 123;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tensor ViewOfADroppedTensor()
    {
        var t = Tensor.Full(7f, Big);
        return t.Reshape(1, Big); // the view keeps the storage; t itself becomes garbage
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropOne() => _ = Tensor.Full(1f, Big);

    private static void CollectTwice()
    {
        for (int i = 0; i < 2; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
    }

    [Fact]
    public void ABufferStillViewedIsNeverHandedOut()
    {
        var view = ViewOfADroppedTensor();
        CollectTwice();
        var other = Tensor.Zeros(Big);
        other.AsSpan().Fill(-1f);
        Assert.All(view.ToArray(), v => Assert.Equal(7f, v));
        GC.KeepAlive(other);
    }

    [Fact]
    public void ADeadBufferIsReused()
    {
        DropOne();
        CollectTwice();
        long hits = StoragePool.Hits;
        var t = Tensor.Zeros(Big);
        Assert.Equal(hits + 1, StoragePool.Hits);
        Assert.All(t.ToArray(), v => Assert.Equal(0f, v)); // Zeros clears a recycled buffer
    }

    /// <summary>
    /// A pool miss allocates a new array; for Zeros it must be zeroed too. The garbage collector hands out freed
    /// large-object memory again without clearing it, so dropped buffers full of 1s would show through otherwise.
    /// </summary>
    [Fact]
    public void ZerosIsZeroAlsoWhenThePoolMisses()
    {
        long saved = StoragePool.MaxIdleBytes;
        StoragePool.MaxIdleBytes = 0; // keep nothing: every Zeros below is a miss
        try
        {
            for (int round = 0; round < 20; round++)
            {
                for (int i = 0; i < 4; i++) DropOne();
                CollectTwice();
                var t = Tensor.Zeros(Big);
                Assert.All(t.ToArray(), v => Assert.Equal(0f, v));
                t.AsSpan().Fill(1f);
            }
        }
        finally { StoragePool.MaxIdleBytes = saved; }
    }
}
