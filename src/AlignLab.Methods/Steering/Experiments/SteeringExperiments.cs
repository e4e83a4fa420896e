using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Steering.Experiments;

/// <summary>The steering experiments in report order.</summary>
public static class SteeringExperiments
{
    public static IReadOnlyList<IExperiment> All() => [new NoiseExperiment(), new LayerStrengthExperiment(), new MultiPreferenceExperiment()];
}
