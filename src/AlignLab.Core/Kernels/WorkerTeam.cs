namespace AlignLab.Core.Kernels;

/// <summary>
/// A fixed team of background threads for the kernels' fork/join. Waking a blocked thread-pool worker costs tens of
/// microseconds on this VM and a training step forks hundreds of times, so team members spin for a short while after
/// each job before blocking. Jobs are index ranges claimed with an atomic counter; the caller works too, and a job
/// started from inside a job runs serially on the caller (no nested forks, no deadlock).
/// </summary>
internal sealed class WorkerTeam
{
    private const int SpinIterations = 20_000; // ~50–100 µs of spinning before a member blocks

    private readonly Thread[] _members;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly object _gate = new();
    private Action<int>? _body;
    private int _count, _next, _pending;
    private Exception? _failure;
    [ThreadStatic] private static bool _inJob;

    public WorkerTeam(int members)
    {
        _members = new Thread[members];
        for (int i = 0; i < members; i++)
        {
            _members[i] = new Thread(Loop) { IsBackground = true, Name = $"AlignLab worker {i + 1}" };
            _members[i].Start();
        }
    }

    public int Members => _members.Length;

    /// <summary>Runs body(0..count−1) on the caller and up to <paramref name="helpers"/> team members.</summary>
    public void Run(int count, int helpers, Action<int> body)
    {
        if (_inJob || helpers <= 0 || !Monitor.TryEnter(_gate))
        {
            for (int i = 0; i < count; i++) body(i); // nested or concurrent use: stay serial
            return;
        }
        try
        {
            _body = body; _count = count; _next = 0; _failure = null;
            helpers = Math.Min(helpers, _members.Length);
            Volatile.Write(ref _pending, helpers); // the semaphore release below publishes the job to the members
            _wake.Release(helpers);
            Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) > 0) spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            // Rethrow the body's own exception (not a wrapper), so callers and the CLI see the real error.
            if (_failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
        }
        finally { Monitor.Exit(_gate); }
    }

    private void Work()
    {
        var body = _body!;
        _inJob = true;
        try
        {
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < _count) body(i);
        }
        catch (Exception e) { _failure ??= e; Volatile.Write(ref _next, _count); }
        finally { _inJob = false; }
    }

    private void Loop()
    {
        while (true)
        {
            // Spin briefly for the next job before blocking: back-to-back forks then cost no wake-up.
            bool woken = false;
            for (int s = 0; s < SpinIterations && !woken; s++)
            {
                if (_wake.CurrentCount > 0) woken = _wake.Wait(0);
                else Thread.SpinWait(10);
            }
            if (!woken) _wake.Wait();
            Work();
            Interlocked.Decrement(ref _pending);
        }
    }
}
