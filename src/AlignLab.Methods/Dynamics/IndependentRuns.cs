namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Runs independent jobs (seeds × grid points) on up to <c>threads</c> workers. Each job derives its own
/// randomness from its index and writes only its own slot, so the results do not depend on scheduling.
/// </summary>
public static class IndependentRuns
{
    public static T[] Map<T>(int count, int threads, Func<int, T> job, Action<int>? completed = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (threads <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be positive");
        var results = new T[count];
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel };
        Parallel.For(0, count, options, i =>
        {
            results[i] = job(i);
            completed?.Invoke(Interlocked.Increment(ref done));
        });
        return results;
    }
}
