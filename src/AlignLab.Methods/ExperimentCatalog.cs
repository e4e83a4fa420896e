using AlignLab.Methods.Dynamics;
using AlignLab.Methods.Irl.Experiments;
using AlignLab.Methods.Mimo.Experiments;
using AlignLab.Methods.PrefEval.Experiments;
using AlignLab.Methods.Quantization.Experiments;
using AlignLab.Methods.Reasoning.Experiments;
using AlignLab.Methods.RewardsFromDemos.Experiments;
using AlignLab.Methods.Steering.Experiments;
using AlignLab.Methods.Unlearning.Experiments;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods;

/// <summary>Every registered experiment, in report order. Each method folder adds its own.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All() =>
    [
        .. MimoExperiments.All(),
        .. DynamicsExperiments.All(),
        .. IrlExperiments.All(),
        .. PrefEvalExperiments.All(),
        .. QuantizationExperiments.All(),
        .. ReasoningExperiments.All(),
        .. RewardsFromDemosExperiments.All(),
        .. SteeringExperiments.All(),
        .. UnlearningExperiments.All(),
    ];
}
