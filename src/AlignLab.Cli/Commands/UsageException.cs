namespace AlignLab.Cli.Commands;

/// <summary>A flag's value the command cannot use (a malformed id list, two flags that exclude each other): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
