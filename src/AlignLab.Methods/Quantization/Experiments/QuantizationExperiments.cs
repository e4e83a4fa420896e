using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Quantization.Experiments;

/// <summary>The RoSTE experiments in report order.</summary>
public static class QuantizationExperiments
{
    public const string Paper = "RoSTE: An Efficient Quantization-Aware Supervised Fine-Tuning Approach for Large Language Models (Wei et al., ICML 2025)";

    public static IReadOnlyList<IExperiment> All() => [new RosteComparisonExperiment()];
}
