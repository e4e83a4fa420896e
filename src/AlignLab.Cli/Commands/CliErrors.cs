using System.CommandLine;

namespace AlignLab.Cli.Commands;

/// <summary>Turns a library exception into one line on stderr and a non-zero exit code.</summary>
internal static class CliErrors
{
    /// <summary>The first parse error on one line, with where to read the usage; exit code 2 as for any usage error.</summary>
    public static int Usage(ParseResult parsed)
    {
        var command = string.Join(' ', ["alignlab", .. CommandPath(parsed)]);
        // An unrecognised token is the likeliest culprit ("Required command was not provided" follows from it).
        var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
        string more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more)" : "";
        Console.Error.WriteLine($"alignlab: {first.Message.TrimEnd('.')}{more}; see '{command} --help'");
        return 2;
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Insert(0, r.Command.Name);
        return names;
    }

    public static int Run(Func<int> body)
    {
        try { return body(); }
        catch (OperationCanceledException) { Console.Error.WriteLine("alignlab: interrupted"); return 130; }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException
                                   or InvalidOperationException or UnauthorizedAccessException or NotSupportedException
                                   or KeyNotFoundException)
        {
            Console.Error.WriteLine($"alignlab: {e.Message}");
            return 1;
        }
    }
}
