namespace AlignLab.Distributed;

/// <summary>What the MPI launcher told this process through its environment (MPICH's Hydra sets PMI_*, MPI_LOCAL*).</summary>
public sealed record MpiLaunch(int Size, int LocalRanks)
{
    /// <summary>The launch this process is part of, or null when it was not started by an MPI launcher (or as one rank).</summary>
    public static MpiLaunch? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null)
            throw new NotSupportedException($"this process was started by Open MPI's mpirun, whose ABI MPI.NET does not match; {MpiLibrary.InstallHint}");
        if (!int.TryParse(Environment.GetEnvironmentVariable("PMI_SIZE"), out int size) || size < 2) return null;
        int local = int.TryParse(Environment.GetEnvironmentVariable("MPI_LOCALNRANKS"), out int n) && n >= 1 ? n : size;
        return new MpiLaunch(size, local);
    }

    /// <summary>Kernel threads per rank that share this machine's cores without oversubscribing them.</summary>
    public int ThreadsPerRank => Math.Max(1, Environment.ProcessorCount / LocalRanks);
}
