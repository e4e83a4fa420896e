using AlignLab.Core.Kernels;
using AlignLab.Distributed;
using AlignLab.Models.Distributed;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Joins an MPI run when the process was started by MPICH's mpirun with several ranks, or when --distributed asks for
/// it; otherwise the one-process group. Ranks sharing a machine split its cores unless --threads was given.
/// </summary>
internal sealed class DistributedLaunch : IDisposable
{
    private readonly MpiProcessGroup? _mpi;

    public ProcessGroup Group => (ProcessGroup?)_mpi ?? ProcessGroup.Single;
    public bool IsRoot => Group.IsRoot;

    private DistributedLaunch(MpiProcessGroup? mpi) => _mpi = mpi;

    public static DistributedLaunch Join(bool requested, bool threadsGiven)
    {
        var launch = MpiLaunch.FromEnvironment();
        if (launch is null && !requested) return new DistributedLaunch(null);
        if (!MpiLibrary.IsAvailable())
            throw new UsageException($"--distributed: no MPI library found; {MpiLibrary.InstallHint}");
        var mpi = MpiProcessGroup.Start();
        if (!threadsGiven) EngineSettings.Threads = launch?.ThreadsPerRank ?? Environment.ProcessorCount;
        return new DistributedLaunch(mpi);
    }

    /// <summary>
    /// Runs <paramref name="body"/>; in a run of several ranks a failure is printed with its rank and stops every rank,
    /// since the others would otherwise wait for it in a collective forever.
    /// </summary>
    public int Run(Func<int> body)
    {
        if (_mpi is not { Size: > 1 } mpi) return body();
        try { return body(); }
        catch (Exception e)
        {
            Console.Error.WriteLine($"alignlab (rank {mpi.Rank} of {mpi.Size}): {e.Message}");
            Console.Error.Flush();
            mpi.Abort(e is OperationCanceledException ? 130 : 1);
            throw;
        }
    }

    public void Dispose() => _mpi?.Dispose();
}
