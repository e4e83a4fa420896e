namespace AlignLab.Core;

/// <summary>Removes a registered hook when disposed.</summary>
public sealed class HookHandle(Action remove) : IDisposable
{
    private Action? _remove = remove;
    public void Dispose() { _remove?.Invoke(); _remove = null; }
}
