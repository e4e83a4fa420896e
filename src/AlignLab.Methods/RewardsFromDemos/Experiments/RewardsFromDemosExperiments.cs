using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>The experiments of alignment from demonstrations, in report order.</summary>
public static class RewardsFromDemosExperiments
{
    public static IReadOnlyList<IExperiment> All() => [new RewardAccuracyExperiment(), PolicyOrderingExperiment.Arithmetic(), PolicyOrderingExperiment.ReverseWeakSft(), new CorruptedDemosExperiment()];
}
