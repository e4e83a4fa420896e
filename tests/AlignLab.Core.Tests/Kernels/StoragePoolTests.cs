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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropGarbage(int length)
    {
        for (int i = 0; i < 8; i++) GC.AllocateUninitializedArray<float>(length).AsSpan().Fill(float.NaN);
    }

    [Fact]
    public void ZerosAreZeroEvenWhenTheGcReusesFreedMemory()
    {
        // Regression: a pool miss used to hand Zeros an uninitialised array, which held whatever the GC had freed
        // there (seen as NaN gradients in accumulating backward GEMMs).
        long saved = StoragePool.MaxIdleBytes;
        StoragePool.MaxIdleBytes = 0; // every request misses the pool
        StoragePool.Trim();
        try
        {
            for (int round = 0; round < 20; round++)
            {
                DropGarbage(Big * 4);
                CollectTwice();
                Assert.All(Tensor.Zeros(Big * 4).ToArray(), v => Assert.Equal(0f, v));
            }
        }
        finally { StoragePool.MaxIdleBytes = saved; }
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
}
