namespace AlignLab.Core.Kernels;

/// <summary>Runs independent tasks on up to N threads; serial below the threshold where fork/join (~5 µs here) dominates.</summary>
internal static class Parallelism
{
    /// <summary>Roughly 100 µs of single-core FMA work; below this, threads cost more than they save.</summary>
    public const double MinParallelFlops = 2e7;

    private static WorkerTeam? _team;
    private static readonly object TeamGate = new();

    public static void For(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1) { for (int i = 0; i < count; i++) body(i); return; }
        Team(threads).Run(count, Math.Min(threads, count) - 1, body);
    }

    /// <summary>The shared worker team, grown when more threads are asked for.</summary>
    private static WorkerTeam Team(int threads)
    {
        var team = _team;
        if (team != null && team.Members >= threads - 1) return team;
        lock (TeamGate)
        {
            if (_team == null || _team.Members < threads - 1) _team = new WorkerTeam(threads - 1);
            return _team;
        }
    }

    public static int ThreadsFor(double flops, int threads) => flops >= MinParallelFlops ? threads : 1;

    /// <summary>About 100 µs of memory-bound element-wise work; shorter loops stay on one thread.</summary>
    public const int MinParallelElements = 1 << 17;

    /// <summary>
    /// Splits [0, length) into one contiguous range per thread (element-wise work, so any split gives the same result),
    /// or runs it whole when it is too short to be worth a fork. <paramref name="align"/> keeps ranges on row boundaries.
    /// </summary>
    /// <param name="minLength">Shortest length worth splitting, when one unit of length is more than one element of work.</param>
    public static void ForRange(int length, Action<int, int> body, int align = 1, int minLength = MinParallelElements)
    {
        int threads = length >= minLength ? EngineSettings.Threads : 1;
        if (threads <= 1) { body(0, length); return; }
        int units = (length + align - 1) / align;
        For(threads, threads, part =>
        {
            int start = (int)((long)units * part / threads) * align;
            int end = Math.Min(length, (int)((long)units * (part + 1) / threads) * align);
            if (end > start) body(start, end - start);
        });
    }
}
