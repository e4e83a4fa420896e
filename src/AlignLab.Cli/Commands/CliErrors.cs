using System.CommandLine;
using System.Text.RegularExpressions;

namespace AlignLab.Cli.Commands;

/// <summary>
/// Turns what goes wrong into one line on stderr and an exit code: 2 for usage errors (an unknown flag or command, a
/// missing or malformed value, a library setting out of range that a flag sets), 1 for bad files or values found while
/// running, 130 for Ctrl+C. Messages speak of flags and values, never of .NET types or parameter names.
/// </summary>
internal static partial class CliErrors
{
    /// <summary>The first parse error on one line, with where to read the usage.</summary>
    public static int Usage(ParseResult parsed)
    {
        // An unrecognised token is the likeliest culprit ("Required command was not provided" follows from it).
        var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
        return UsageLine(parsed, Readable(first.Message));
    }

    public static int Run(ParseResult parsed, Func<int> body)
    {
        try { return body(); }
        catch (OperationCanceledException) { Console.Error.WriteLine("alignlab: interrupted"); return 130; }
        catch (UsageException e) { return UsageLine(parsed, e.Message); }
        catch (ArgumentException e) when (FlagFor(parsed, e.ParamName) is { } flag)
        {
            // The library names its field (e.g. "FeedbackBits"); the user set it with a flag (--feedback-bits).
            return UsageLine(parsed, $"{flag}: {WithoutParameterSuffix(e)}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException
                                   or InvalidOperationException or UnauthorizedAccessException or NotSupportedException
                                   or KeyNotFoundException)
        {
            Console.Error.WriteLine($"alignlab: {(e is ArgumentException a ? WithoutParameterSuffix(a) : e.Message)}");
            return 1;
        }
    }

    private static int UsageLine(ParseResult parsed, string message)
    {
        var command = string.Join(' ', ["alignlab", .. CommandPath(parsed)]);
        Console.Error.WriteLine($"alignlab: {message.TrimEnd('.')}; see '{command} --help'");
        return 2;
    }

    /// <summary>
    /// The flag of the running command that sets the library field: same name ("StepSize" ↔ --step-size, or an alias
    /// such as --batch-size for BatchSize), else the one flag whose name extends it (GradientAccumulation ↔
    /// --gradient-accumulation-steps). Null when no flag sets it: then it is not a usage error.
    /// </summary>
    private static string? FlagFor(ParseResult parsed, string? field)
    {
        if (string.IsNullOrEmpty(field)) return null;
        string key = Key(field);
        var options = parsed.CommandResult.Command.Options;
        foreach (var option in options)
            if (Key(option.Name) == key || option.Aliases.Any(a => Key(a) == key)) return option.Name;
        var extending = options.Where(o => Key(o.Name).StartsWith(key, StringComparison.Ordinal) || o.Aliases.Any(a => Key(a).StartsWith(key, StringComparison.Ordinal))).ToList();
        return extending.Count == 1 ? extending[0].Name : null;
    }

    private static string Key(string name) => name.TrimStart('-').Replace("-", "").Replace("_", "").ToLowerInvariant();

    /// <summary>"msg (Parameter 'x')" and ArgumentOutOfRange's "Actual value was …" line are for programmers.</summary>
    private static string WithoutParameterSuffix(ArgumentException e)
    {
        string message = e.Message;
        if (e.ParamName is { } name) message = message.Replace($" (Parameter '{name}')", "");
        int newline = message.IndexOf('\n');
        return (newline >= 0 ? message[..newline] : message).Trim();
    }

    /// <summary>System.CommandLine says "expected type 'System.Int32'"; users read "an integer".</summary>
    private static string Readable(string message) => TypeName().Replace(message, m => m.Groups[1].Value switch
    {
        "Int32" or "Int64" or "UInt64" or "Int16" => "as an integer",
        "Double" or "Single" or "Decimal" => "as a number",
        "Boolean" => "as true or false",
        var other => $"as a value of type {other}",
    });

    [GeneratedRegex(@"as expected type 'System\.(?:Nullable`1\[System\.)?(\w+)\]?'")]
    private static partial Regex TypeName();

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Insert(0, r.Command.Name);
        return names;
    }
}
