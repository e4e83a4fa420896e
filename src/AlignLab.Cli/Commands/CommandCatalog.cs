using System.CommandLine;

namespace AlignLab.Cli.Commands;

/// <summary>Every top-level command; each lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ReproduceCommand.Create(),
        BenchCommand.Create(),
        .. LanguageModelCommands.Create(),
        ServeCommand.Create(),
        TrainCommand.Create(),
        DynamicsCommand.Create(),
        MimoCommand.Create(),
        IrlCommand.Create(),
        PrefEvalCommand.Create(),
        BriteCommand.Create(),
        UnlearnCommand.Create(),
        SteerCommand.Create(),
        AlignCommand.Create(),
        QuantizeCommand.Create(),
        RosteCommand.Create(),
    ];
}
