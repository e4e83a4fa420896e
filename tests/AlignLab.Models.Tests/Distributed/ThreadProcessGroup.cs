using AlignLab.Models.Distributed;

namespace AlignLab.Models.Tests.Distributed;

/// <summary>
/// Ranks as threads of one process, exchanging through shared slots: lets tests run the data-parallel trainer without
/// MPI. Sums go over ranks in rank order, as MPICH's reduction of two ranks does.
/// </summary>
internal sealed class ThreadProcessGroup(int rank, ThreadProcessGroup.Shared shared) : ProcessGroup
{
    public sealed class Shared(int size)
    {
        public readonly Barrier Barrier = new(size);
        public readonly object?[] Slots = new object?[size];
        public int Size => size;
    }

    public override int Rank => rank;
    public override int Size => shared.Size;

    /// <summary>Runs <paramref name="body"/> once per rank, each on its own thread, and returns the results in rank order.</summary>
    public static T[] Run<T>(int size, Func<ProcessGroup, T> body)
    {
        var shared = new Shared(size);
        var results = new T[size];
        var errors = new Exception?[size];
        var threads = Enumerable.Range(0, size).Select(r => new Thread(() =>
        {
            try { results[r] = body(new ThreadProcessGroup(r, shared)); }
            catch (Exception e) { errors[r] = e; shared.Barrier.RemoveParticipant(); }
        }, 16 << 20)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        var failed = errors.OfType<Exception>().ToList();
        if (failed.Count > 0) throw new AggregateException(failed);
        return results;
    }

    public override void AllReduceSum(Span<float> values) => Reduce<float>(values, (a, b) => a + b);
    public override void AllReduceSum(Span<double> values) => Reduce<double>(values, (a, b) => a + b);

    public override void Broadcast(Span<float> values)
    {
        if (rank == 0) shared.Slots[0] = values.ToArray();
        shared.Barrier.SignalAndWait();
        if (rank != 0) ((float[])shared.Slots[0]!).CopyTo(values);
        shared.Barrier.SignalAndWait();
    }

    public override void Barrier() => shared.Barrier.SignalAndWait();

    public override byte[][]? GatherToRoot(ReadOnlySpan<byte> payload)
    {
        shared.Slots[rank] = payload.ToArray();
        shared.Barrier.SignalAndWait();
        var all = rank == 0 ? Enumerable.Range(0, Size).Select(r => (byte[])shared.Slots[r]!).ToArray() : null;
        shared.Barrier.SignalAndWait();
        return all;
    }

    private void Reduce<T>(Span<T> values, Func<T, T, T> add)
    {
        shared.Slots[rank] = values.ToArray();
        shared.Barrier.SignalAndWait();
        for (int i = 0; i < values.Length; i++)
        {
            T sum = ((T[])shared.Slots[0]!)[i];
            for (int r = 1; r < Size; r++) sum = add(sum, ((T[])shared.Slots[r]!)[i]);
            values[i] = sum;
        }
        shared.Barrier.SignalAndWait();
    }
}
