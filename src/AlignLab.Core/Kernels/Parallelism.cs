namespace AlignLab.Core.Kernels;

/// <summary>Runs independent tasks on up to N threads; serial below the threshold where fork/join (~5 µs here) dominates.</summary>
internal static class Parallelism
{
    /// <summary>Roughly 100 µs of single-core FMA work; below this, threads cost more than they save.</summary>
    public const double MinParallelFlops = 2e7;

    public static void For(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1) { for (int i = 0; i < count; i++) body(i); return; }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    public static int ThreadsFor(double flops, int threads) => flops >= MinParallelFlops ? threads : 1;
}
