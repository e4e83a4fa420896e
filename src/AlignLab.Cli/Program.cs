using System.CommandLine;
using AlignLab.Cli.Commands;

Terminal.Configure();
var root = new RootCommand("AlignLab: alignment, steering, unlearning and quantization research methods on one C# engine.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
var parsed = root.Parse(args);
// A usage error (unknown flag, missing or malformed value) is one line naming the culprit, not a help dump.
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
    return CliErrors.Usage(parsed);
// Library exceptions must reach CliErrors (one line, exit 1) instead of System.CommandLine's stack-trace printer.
return CliErrors.Run(parsed, () =>
{
    AlignLab.Core.Kernels.EngineSettings.CheckEnvironment();
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
});
