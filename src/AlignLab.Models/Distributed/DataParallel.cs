using AlignLab.Core;

namespace AlignLab.Models.Distributed;

/// <summary>
/// What data parallelism adds to a training step: every rank starts from rank 0's weights, takes its share of each
/// global batch, and after backward holds the gradient summed over all ranks. Gradients travel in fixed-size buckets,
/// so the transport's buffer stays small however large the model.
/// </summary>
public static class DataParallel
{
    /// <summary>Floats per all-reduce: 4 Mi floats (16 MiB), large enough to amortise each call's latency.</summary>
    public const int BucketFloats = 1 << 22;

    /// <summary>The contiguous share [Start, Start + Count) of <paramref name="items"/> that <paramref name="group"/>'s rank handles.</summary>
    public static (int Start, int Count) Shard(int items, ProcessGroup group)
    {
        if (items % group.Size != 0)
            throw new ArgumentException($"{items} sequences per step cannot be split evenly over {group.Size} ranks", nameof(items));
        int per = items / group.Size;
        return (group.Rank * per, per);
    }

    /// <summary>Overwrites every rank's parameters with rank 0's, so ranks start identical whatever their seeds or files.</summary>
    public static void BroadcastParameters(IReadOnlyList<Tensor> parameters, ProcessGroup group)
    {
        if (group.Size == 1) return;
        foreach (var (buffer, count, parts) in Buckets(parameters, BucketFloats))
        {
            int at = 0;
            foreach (var p in parts) { p.AsSpan().CopyTo(buffer.AsSpan(at)); at += p.Numel; }
            group.Broadcast(buffer.AsSpan(0, count));
            at = 0;
            // parameters are dense leaves, so their spans are their storage
            foreach (var p in parts) { buffer.AsSpan(at, p.Numel).CopyTo(p.AsSpan()); at += p.Numel; }
        }
    }

    /// <summary>
    /// Sums the parameters' gradients over the ranks. A parameter without a gradient counts as zero, and gets a
    /// gradient only if some rank had one, so the optimizer treats it as a single process would.
    /// </summary>
    public static void AllReduceGradients(IReadOnlyList<Tensor> parameters, ProcessGroup group, int bucketFloats = BucketFloats)
    {
        if (group.Size == 1) return;
        var had = new double[parameters.Count];
        for (int i = 0; i < had.Length; i++) had[i] = parameters[i].Grad is null ? 0 : 1;
        group.AllReduceSum(had);
        foreach (var (buffer, count, parts) in Buckets(parameters.Where((p, i) => had[i] > 0).ToList(), bucketFloats))
        {
            int at = 0;
            foreach (var p in parts)
            {
                var target = buffer.AsSpan(at, p.Numel);
                if (p.Grad is null) target.Clear(); else p.Grad.Contiguous().AsSpan().CopyTo(target);
                at += p.Numel;
            }
            group.AllReduceSum(buffer.AsSpan(0, count));
            at = 0;
            foreach (var p in parts)
            {
                p.Grad = Tensor.FromArray(buffer.AsSpan(at, p.Numel), p.Shape.ToArray());
                at += p.Numel;
            }
        }
    }

    /// <summary>Consecutive parameters packed into buckets of at most <paramref name="bucketFloats"/> floats (a larger parameter gets its own).</summary>
    private static IEnumerable<(float[] Buffer, int Count, List<Tensor> Parts)> Buckets(IReadOnlyList<Tensor> parameters, int bucketFloats)
    {
        float[]? shared = null;
        float[] BufferFor(int count) => count <= bucketFloats ? shared ??= new float[bucketFloats] : new float[count];
        var parts = new List<Tensor>();
        int count = 0;
        foreach (var p in parameters)
        {
            if (parts.Count > 0 && count + p.Numel > bucketFloats)
            {
                yield return (BufferFor(count), count, parts);
                parts = []; count = 0;
            }
            parts.Add(p); count += p.Numel;
        }
        if (parts.Count > 0) yield return (BufferFor(count), count, parts);
    }
}
