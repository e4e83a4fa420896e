namespace AlignLab.Methods.Mimo;

/// <summary>
/// Runs points × trials independent trials on a bounded number of threads. Each trial receives only its
/// (point, trial) indices — it derives its own randomness from them — and its result is stored by index, so the
/// output is the same for any thread count or scheduling.
/// </summary>
public static class MonteCarlo
{
    public static T[][] Run<T>(int points, int trials, int threads, Func<int, int, T> trial,
                               CancellationToken cancel = default, Action<int, int>? progress = null)
    {
        if (points < 1) throw new ArgumentException($"points must be >= 1, got {points}.", nameof(points));
        if (trials < 1) throw new ArgumentException($"trials must be >= 1, got {trials}.", nameof(trials));
        if (threads < 1) throw new ArgumentException($"threads must be >= 1, got {threads}.", nameof(threads));
        var results = new T[points][];
        for (int p = 0; p < points; p++) results[p] = new T[trials];
        int total = points * trials, done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel };
        Parallel.For(0, total, options, index =>
        {
            int p = index / trials, t = index % trials;
            results[p][t] = trial(p, t);
            int finished = Interlocked.Increment(ref done);
            progress?.Invoke(finished, total);
        });
        return results;
    }
}
