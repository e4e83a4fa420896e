using System.Globalization;
using AlignLab.Models.Training;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>A Spectre.Console progress bar on stderr for a training run: step, loss, eval loss, learning rate, tokens/s and ETA (plain lines when not a terminal).</summary>
internal static class TrainingView
{
    public static T Run<T>(string title, int totalSteps, Func<IProgress<TrainingProgress>, T> work, int startStep = 0)
    {
        if (!Terminal.Interactive)
        {
            var lines = ProgressLines.EveryTenSeconds();
            return work(new SyncReport(p => lines.Write(Line(title, p), force: p.Step == p.TotalSteps)));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: totalSteps);
                task.Value = startStep;
                result = work(new SyncReport(p =>
                {
                    task.Value = p.Step;
                    task.Description = Markup.Escape(Line(title, p));
                }));
            });
        return result;
    }

    private static string Line(string title, TrainingProgress p)
    {
        string eval = p.EvalLoss is double e ? string.Create(CultureInfo.InvariantCulture, $" eval {e:F3}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{title}: step {p.Step}/{p.TotalSteps} loss {p.Loss:F4}{eval} lr {p.LearningRate:0.##e0} {p.TokensPerSecond:F0} tok/s ETA {p.Eta:hh\\:mm\\:ss}");
    }

    /// <summary>Reports on the training thread (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class SyncReport(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
