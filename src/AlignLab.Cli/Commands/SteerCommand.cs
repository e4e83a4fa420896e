using System.CommandLine;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab steer generate</c>: generation with CONFST (or baseline) steering vectors added to the residual stream.</summary>
internal static class SteerCommand
{
    public static Command Create() =>
        new("steer", "Steer a model toward a preference with activation directions (CONFST and baselines).") { LanguageModelCommands.Generate(steered: true) };
}
