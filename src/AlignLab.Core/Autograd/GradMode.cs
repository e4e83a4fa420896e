namespace AlignLab.Core;

/// <summary>Whether ops record the graph. Thread-local, so a NoGrad scope on one thread does not affect another.</summary>
public static class GradMode
{
    [ThreadStatic] private static int _disabledDepth;

    public static bool IsEnabled => _disabledDepth == 0;

    /// <summary>Within the returned scope no op records a graph (inference, optimizer updates, evaluation).</summary>
    public static IDisposable NoGrad()
    {
        _disabledDepth++;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            _disabledDepth--;
        }
    }
}
