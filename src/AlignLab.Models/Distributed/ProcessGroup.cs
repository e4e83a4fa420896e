namespace AlignLab.Models.Distributed;

/// <summary>
/// The ranks of a data-parallel run and the collectives the trainer needs (the names follow torch.distributed).
/// Every rank must call each collective in the same order with buffers of the same length. The library has no
/// transport of its own: <see cref="Single"/> is the one-process case, and AlignLab.Distributed provides MPI.
/// </summary>
public abstract class ProcessGroup
{
    /// <summary>The group of one process, in which every collective returns its input.</summary>
    public static ProcessGroup Single { get; } = new SingleProcessGroup();

    public abstract int Rank { get; }
    public abstract int Size { get; }
    /// <summary>Rank 0 writes metrics, checkpoints and the final model; the others only compute.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>Replaces every element of <paramref name="values"/> on every rank with its sum over the ranks.</summary>
    public abstract void AllReduceSum(Span<float> values);

    /// <inheritdoc cref="AllReduceSum(Span{float})"/>
    public abstract void AllReduceSum(Span<double> values);

    /// <summary>Copies rank 0's <paramref name="values"/> to every other rank.</summary>
    public abstract void Broadcast(Span<float> values);

    /// <summary>Returns once every rank has called it.</summary>
    public abstract void Barrier();

    /// <summary>
    /// Collects every rank's <paramref name="payload"/> (of any length, possibly empty) on rank 0, which gets them in
    /// rank order; the other ranks get null. Used for results that are not sums, such as finished reports.
    /// </summary>
    public abstract byte[][]? GatherToRoot(ReadOnlySpan<byte> payload);

    public double AllReduceSum(double value)
    {
        Span<double> v = [value];
        AllReduceSum(v);
        return v[0];
    }

    private sealed class SingleProcessGroup : ProcessGroup
    {
        public override int Rank => 0;
        public override int Size => 1;
        public override void AllReduceSum(Span<float> values) { }
        public override void AllReduceSum(Span<double> values) { }
        public override void Broadcast(Span<float> values) { }
        public override void Barrier() { }
        public override byte[][] GatherToRoot(ReadOnlySpan<byte> payload) => [payload.ToArray()];
    }
}
