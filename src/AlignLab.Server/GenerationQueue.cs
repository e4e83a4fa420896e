namespace AlignLab.Server;

/// <summary>
/// Runs one generation at a time; later requests wait their turn instead of being refused. One model instance and
/// a 2-core machine make this the right choice: generations running side by side would share the same cores
/// (each step is compute-bound and already uses the engine's threads), so none would finish sooner, each would
/// hold its own KV cache, and the model's modules (hooks, caches) are not meant to be used from two threads at once.
/// A request whose client goes away (or whose server stops) while it waits leaves the queue; one that is running stops
/// at its next token.
/// </summary>
public sealed class GenerationQueue
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private int completed, cancelled;

    /// <summary>Generations that ran to the end.</summary>
    public int Completed => Volatile.Read(ref completed);
    /// <summary>Generations abandoned because their client went away or the server stopped (while waiting or while running).</summary>
    public int Cancelled => Volatile.Read(ref cancelled);

    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                // Generation is synchronous and compute-bound: it gets a thread of its own rather than holding one of the
                // few thread-pool threads (two on two cores) that the requests' I/O and the streaming writes need.
                var result = await Task.Factory.StartNew(() => work(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                Interlocked.Increment(ref completed);
                return result;
            }
            finally { gate.Release(); }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref cancelled);
            throw;
        }
    }
}
