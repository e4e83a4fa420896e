using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>A Spectre.Console progress bar on stderr (stdout stays clean for JSON) showing step, loss and ETA; plain lines when not a terminal.</summary>
internal static class Progress
{
    public static T Run<T>(string title, int total, Func<IProgress<(int Step, double Loss)>, T> work)
    {
        if (!Terminal.Interactive)
        {
            var lines = ProgressLines.EveryTenSeconds();
            return work(new SyncProgress(p => lines.Write(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{title}: step {p.Step + 1}/{total} loss {p.Loss:F4}"), force: p.Step + 1 == total)));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(title, maxValue: total);
                result = work(new SyncProgress(p =>
                {
                    task.Value = p.Step + 1;
                    task.Description = $"{title}: step {p.Step + 1}/{total} loss {p.Loss:F4}";
                }));
            });
        return result;
    }

    /// <summary>Reports synchronously on the calling thread (System.Progress posts to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<(int Step, double Loss)> report) : IProgress<(int Step, double Loss)>
    {
        public void Report((int Step, double Loss) value) => report(value);
    }
}
