using System.Runtime.CompilerServices;

namespace AlignLab.Core;

/// <summary>
/// Recycles large tensor buffers. On this kind of VM a freshly committed page costs about as much as the arithmetic
/// done on it (a training step faulted in ~150 MB of new pages), so buffers whose last reference is gone are kept and
/// handed out again instead of being returned to the OS.
///
/// How a buffer comes back without any Dispose: each pooled array is the key of a <see cref="ConditionalWeakTable{TKey,TValue}"/>
/// entry whose value, a <see cref="Sentinel"/>, points back at the array. The table does not keep the array alive, so
/// when nothing else references the array (no tensor, view or span) the sentinel is finalized, and its finalizer puts
/// the array back in the pool. Spans and views keep the array itself reachable, so a buffer can never be recycled while in use.
/// </summary>
public static class StoragePool
{
    /// <summary>Only large-object-heap arrays (≥ 85,000 bytes) are pooled; smaller ones are cheap for the GC.</summary>
    public const int MinPooledLength = 85_000 / sizeof(float) + 1;

    private static readonly ConditionalWeakTable<float[], Sentinel> Watch = new();
    private static readonly Dictionary<int, Stack<float[]>> Free = new();
    private static readonly object Gate = new();
    private static long _freeBytes;
    private static long _allocatedSinceCollect;

    /// <summary>Upper bound on bytes kept idle in the pool.</summary>
    public static long MaxIdleBytes { get; set; } = 1L << 30;

    /// <summary>Fresh bytes allocated before a miss triggers a collection to bring dead buffers back.</summary>
    public static long CollectEveryBytes { get; set; } = 64L << 20;

    public static long Hits => Interlocked.Read(ref _hits);
    public static long Misses => Interlocked.Read(ref _misses);
    private static long _hits, _misses;

    internal static float[] Rent(int length, bool zeroed)
    {
        if (length < MinPooledLength) return zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length);
        var array = TryTake(length);
        if (array is null && Interlocked.Read(ref _allocatedSinceCollect) > CollectEveryBytes)
        {
            Collect();
            array = TryTake(length);
        }
        if (array is null)
        {
            Interlocked.Increment(ref _misses);
            // The GC reuses freed large-object memory without clearing it, so only an Empty may skip the zeroing.
            array = zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length);
            Interlocked.Add(ref _allocatedSinceCollect, (long)length * sizeof(float));
        }
        else
        {
            Interlocked.Increment(ref _hits);
            if (zeroed) Array.Clear(array);
        }
        Interlocked.Add(ref _rentedBytesSinceCollect, (long)length * sizeof(float));
        Watch.AddOrUpdate(array, new Sentinel(array));
        return array;
    }

    /// <summary>Bytes of pooled buffers handed out since the last collection before <see cref="Reclaim"/> collects.</summary>
    public static long ReclaimAfterBytes { get; set; } = 16L << 20;

    /// <summary>
    /// Called where a burst of buffers has just died (the end of a backward pass): brings them back now, so the next
    /// forward pass reuses them instead of faulting in new pages. Does nothing until enough pooled memory has been
    /// handed out, so workloads of small tensors or short steps never pay for a GC per backward.
    /// </summary>
    public static void Reclaim()
    {
        if (Interlocked.Read(ref _rentedBytesSinceCollect) >= ReclaimAfterBytes) Collect();
    }

    private static long _rentedBytesSinceCollect;

    private static void Collect()
    {
        // Dead buffers only come back after a GC has run their sentinels' finalizers.
        Interlocked.Exchange(ref _allocatedSinceCollect, 0);
        Interlocked.Exchange(ref _rentedBytesSinceCollect, 0);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }

    private static float[]? TryTake(int length)
    {
        lock (Gate)
        {
            if (!Free.TryGetValue(length, out var stack) || stack.Count == 0) return null;
            _freeBytes -= (long)length * sizeof(float);
            return stack.Pop();
        }
    }

    private static void Return(float[] array)
    {
        lock (Gate)
        {
            long bytes = (long)array.Length * sizeof(float);
            if (_freeBytes + bytes > MaxIdleBytes) return; // let the GC have it
            if (!Free.TryGetValue(array.Length, out var stack)) Free[array.Length] = stack = new Stack<float[]>();
            stack.Push(array);
            _freeBytes += bytes;
        }
    }

    /// <summary>Drops every idle buffer (for tests and for callers about to need memory elsewhere).</summary>
    public static void Trim()
    {
        lock (Gate) { Free.Clear(); _freeBytes = 0; }
    }

    public static long IdleBytes { get { lock (Gate) return _freeBytes; } }

    private sealed class Sentinel(float[] array)
    {
        ~Sentinel() => Return(array);
    }
}
