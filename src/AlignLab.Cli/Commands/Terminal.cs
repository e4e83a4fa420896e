using System.Diagnostics;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Live progress bars, colours and hyperlinks only when a person is watching a terminal. When output goes to a file
/// or a CI log, everything is plain text and progress is an occasional line, so a log shows that a long run is alive
/// without filling with escape codes.
/// </summary>
internal static class Terminal
{
    public static bool Interactive =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Called once at start-up: in plain mode Spectre writes no ANSI codes, colours or links.</summary>
    public static void Configure()
    {
        if (Interactive) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
    }
}

/// <summary>Progress as plain lines on stderr, at most one per <c>every</c> unless forced (a start, an end, a failure).</summary>
internal sealed class ProgressLines(TimeSpan every)
{
    private readonly Lock _gate = new();
    private long _last;

    public static ProgressLines EveryTenSeconds() => new(TimeSpan.FromSeconds(10));

    public void Write(string line, bool force = false)
    {
        lock (_gate)
        {
            if (!force && _last != 0 && Stopwatch.GetElapsedTime(_last) < every) return;
            _last = Stopwatch.GetTimestamp();
            Console.Error.WriteLine(line);
        }
    }
}
