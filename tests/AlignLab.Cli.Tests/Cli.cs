using System.Reflection;
using System.Text.Json;

namespace AlignLab.Cli.Tests;

/// <summary>
/// Runs the real <c>alignlab</c> entry point in this process with stdout and stderr captured, so the tests see exactly
/// what a user or a script sees: the exit code, the JSON line, the one-line error.
/// </summary>
internal static class Cli
{
    private static readonly MethodInfo EntryPoint = Assembly.Load("alignlab").EntryPoint
        ?? throw new InvalidOperationException("alignlab has no entry point");

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    public static Result Run(params string[] args)
    {
        var (savedOut, savedError) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout); Console.SetError(stderr);
        try
        {
            int code = (int)EntryPoint.Invoke(null, [args])!;
            return new Result(code, stdout.ToString().Trim(), stderr.ToString().Trim());
        }
        finally { Console.SetOut(savedOut); Console.SetError(savedError); }
    }
}

/// <summary>Console redirection is process-wide, so these tests never run alongside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "cli (console is process-wide)";
}
