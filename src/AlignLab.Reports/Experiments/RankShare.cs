namespace AlignLab.Reports.Experiments;

/// <summary>
/// This process's place in a run spread over several processes (the ranks of an MPI launch): rank r runs the
/// experiments at positions r, r + Size, r + 2·Size, … of the list, and <see cref="GatherToRoot"/> brings every rank's
/// finished reports to rank 0, which writes them beside its own and the index. Experiments are independent and each
/// derives its randomness from the run's seed alone, so every report is the one a single process would have written.
/// </summary>
/// <param name="GatherToRoot">The launch's gather: each rank's bytes, in rank order, on rank 0; null elsewhere.</param>
public sealed record RankShare(int Rank, int Size, Func<byte[], byte[][]?> GatherToRoot)
{
    public bool IsRoot => Rank == 0;

    /// <summary>The experiments this rank runs, in their order in <paramref name="all"/>.</summary>
    public List<IExperiment> Select(IReadOnlyList<IExperiment> all)
    {
        if (Size < 1 || (uint)Rank >= (uint)Size) throw new ArgumentOutOfRangeException(nameof(Rank), $"rank {Rank} of {Size}");
        var mine = new List<IExperiment>();
        for (int i = Rank; i < all.Count; i += Size) mine.Add(all[i]);
        return mine;
    }
}
