using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Reasoning.Experiments;

/// <summary>The bootstrapped-reasoning experiments in report order.</summary>
public static class ReasoningExperiments
{
    public const string Paper = "BRiTE: Bootstrapping Reinforced Thinking Process to Enhance Language Model Reasoning (Zhong et al., ICML 2025)";

    public static IReadOnlyList<IExperiment> All() => [new AccuracyByLevelExperiment(), new ToyPosteriorExperiment()];
}
