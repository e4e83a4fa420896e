namespace AlignLab.Reports.Experiments;

/// <summary>
/// Runs an experiment's independent trials (seeds × grid points) on up to <c>threads</c> workers. A trial receives
/// only its index, derives its own randomness from it and writes only its own slot, so the results are the same for
/// any thread count or schedule.
/// </summary>
public static class Trials
{
    /// <param name="progress">Told the fraction of trials finished after each one.</param>
    public static T[] Map<T>(int count, int threads, Func<int, T> trial, CancellationToken cancel = default, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the number of trials must be non-negative");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1");
        var results = new T[count];
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel };
        Parallel.For(0, count, options, i =>
        {
            cancel.ThrowIfCancellationRequested();
            results[i] = trial(i);
            progress?.Report((double)Interlocked.Increment(ref done) / count);
        });
        return results;
    }

    /// <summary>A rows × columns grid of trials (e.g. points × seeds), indexed [row][column].</summary>
    public static T[][] Map<T>(int rows, int columns, int threads, Func<int, int, T> trial, CancellationToken cancel = default,
                               IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"a {rows} × {columns} grid of trials");
        var flat = Map(rows * columns, threads, i => trial(i / columns, i % columns), cancel, progress);
        var grid = new T[rows][];
        for (int r = 0; r < rows; r++) grid[r] = flat.AsSpan(r * columns, columns).ToArray();
        return grid;
    }
}
