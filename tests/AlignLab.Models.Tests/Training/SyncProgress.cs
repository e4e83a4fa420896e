namespace AlignLab.Models.Tests.Training;

/// <summary>Calls back on the reporting thread (System.Progress posts to the thread pool, too late to stop a run).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
