using System.CommandLine;
using AlignLab.Cli.Commands;

var root = new RootCommand("AlignLab: alignment, steering, unlearning and quantization research methods on one C# engine.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
// Library exceptions must reach CliErrors (one line, exit 1) instead of System.CommandLine's stack-trace printer.
return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
