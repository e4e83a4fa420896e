namespace AlignLab.Cli.Commands;

/// <summary>Turns a library exception into one line on stderr and a non-zero exit code.</summary>
internal static class CliErrors
{
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
