namespace AlignLab.Cli.Commands;

/// <summary>
/// Ctrl+C for long commands: the first press cancels the token the work watches (it stops at its next safe point,
/// writing a checkpoint or no partial report); a second press kills the process as usual.
/// </summary>
internal static class CtrlC
{
    public static T Run<T>(Func<CancellationToken, T> body)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = !cancel.IsCancellationRequested; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try { return body(cancel.Token); }
        finally { Console.CancelKeyPress -= onCancel; }
    }
}
