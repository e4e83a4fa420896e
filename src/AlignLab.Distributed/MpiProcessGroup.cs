using AlignLab.Models.Distributed;
using Raw = MPI.Unsafe;

namespace AlignLab.Distributed;

/// <summary>
/// <see cref="ProcessGroup"/> over MPI_COMM_WORLD through MPI.NET's bindings to the C API. Only the raw calls are used
/// (MPI_Allreduce, MPI_Bcast on pinned spans): no per-call marshalling, and none of the datatypes MPI.NET's managed
/// layer registers, which MPICH reports as leaked at exit.
/// </summary>
public sealed unsafe class MpiProcessGroup : ProcessGroup, IDisposable
{
    private float[] _floatScratch = [];
    private double[] _doubleScratch = [];
    private bool _disposed;

    public override int Rank { get; }
    public override int Size { get; }

    private MpiProcessGroup(int rank, int size) => (Rank, Size) = (rank, size);

    /// <summary>Initialises MPI (once per process) and joins the world communicator.</summary>
    public static MpiProcessGroup Start()
    {
        MpiLibrary.Register();
        try
        {
            int argc = 0;
            byte** argv = null;
            Check(Raw.MPI_Init(ref argc, ref argv), "MPI_Init");
        }
        catch (DllNotFoundException e) { throw new InvalidOperationException(e.Message, e); }
        int rank, size;
        Check(Raw.MPI_Comm_rank(Raw.MPI_COMM_WORLD, out rank), "MPI_Comm_rank");
        Check(Raw.MPI_Comm_size(Raw.MPI_COMM_WORLD, out size), "MPI_Comm_size");
        return new MpiProcessGroup(rank, size);
    }

    public override void AllReduceSum(Span<float> values)
    {
        if (_floatScratch.Length < values.Length) _floatScratch = new float[values.Length];
        fixed (float* send = values) fixed (float* receive = _floatScratch)
            Check(Raw.MPI_Allreduce((IntPtr)send, (IntPtr)receive, values.Length, Raw.MPI_FLOAT, Raw.MPI_SUM, Raw.MPI_COMM_WORLD), "MPI_Allreduce");
        _floatScratch.AsSpan(0, values.Length).CopyTo(values);
    }

    public override void AllReduceSum(Span<double> values)
    {
        if (_doubleScratch.Length < values.Length) _doubleScratch = new double[values.Length];
        fixed (double* send = values) fixed (double* receive = _doubleScratch)
            Check(Raw.MPI_Allreduce((IntPtr)send, (IntPtr)receive, values.Length, Raw.MPI_DOUBLE, Raw.MPI_SUM, Raw.MPI_COMM_WORLD), "MPI_Allreduce");
        _doubleScratch.AsSpan(0, values.Length).CopyTo(values);
    }

    public override void Broadcast(Span<float> values)
    {
        fixed (float* data = values)
            Check(Raw.MPI_Bcast((IntPtr)data, values.Length, Raw.MPI_FLOAT, 0, Raw.MPI_COMM_WORLD), "MPI_Bcast");
    }

    public override void Barrier() => Check(Raw.MPI_Barrier(Raw.MPI_COMM_WORLD), "MPI_Barrier");

    public override byte[][]? GatherToRoot(ReadOnlySpan<byte> payload)
    {
        // Lengths first, so rank 0 can place every payload with one MPI_Gatherv.
        int length = payload.Length;
        var lengths = IsRoot ? new int[Size] : null;
        fixed (int* receive = lengths)
            Check(Raw.MPI_Gather((IntPtr)(&length), 1, Raw.MPI_INT, (IntPtr)receive, 1, Raw.MPI_INT, 0, Raw.MPI_COMM_WORLD), "MPI_Gather");
        var offsets = new int[Size];
        long total = 0;
        if (lengths is not null)
            for (int r = 0; r < Size; r++)
            {
                offsets[r] = (int)total;
                total += lengths[r];
            }
        if (total > int.MaxValue) throw new InvalidOperationException($"the ranks' payloads total {total} bytes; MPI_Gatherv counts in int");
        var all = new byte[total];
        fixed (byte* send = payload) fixed (byte* receive = all)
            Check(Raw.MPI_Gatherv((IntPtr)send, length, Raw.MPI_BYTE, (IntPtr)receive, lengths, offsets, Raw.MPI_BYTE, 0, Raw.MPI_COMM_WORLD),
                  "MPI_Gatherv");
        if (lengths is null) return null;
        var result = new byte[Size][];
        for (int r = 0; r < Size; r++) result[r] = all.AsSpan(offsets[r], lengths[r]).ToArray();
        return result;
    }

    /// <summary>Stops every rank: a rank that failed alone would leave the others waiting in a collective forever.</summary>
    public void Abort(int exitCode) => Raw.MPI_Abort(Raw.MPI_COMM_WORLD, exitCode);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Raw.MPI_Finalize();
    }

    private static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error code {code}");
    }
}
