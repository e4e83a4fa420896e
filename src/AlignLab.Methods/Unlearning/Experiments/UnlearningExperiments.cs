using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Training;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Unlearning.Experiments;

/// <summary>The unlearning experiments in report order, and the quick-size lab they share.</summary>
public static class UnlearningExperiments
{
    /// <summary>
    /// Trials run one at a time: they share the lab's target and oracle models, and a model's forward pass keeps its
    /// KV cache in the model's own attention layers, so two threads evaluating one model collide (seen as "the cache was
    /// made for 10 padded rows but got a batch of 26" under <c>reproduce --threads 2</c>). Results do not depend on it.
    /// </summary>
    internal const int TrialThreads = 1;

    /// <summary>A smaller MiniLUME and a shorter target recipe: trains in seconds, still memorises.</summary>
    public static readonly LabSettings QuickLab = new()
    {
        Data = new MiniLumeOptions { Biographies = 4, Stories = 1, PublicBiographies = 1, UtilityFacts = 12 },
        Target = UnlearnPipeline.DefaultTarget with { Epochs = 80 },
    };

    public static readonly ArmSettings QuickArms = new() { WaFrom = 45, WaEvery = 5, Match = new MatchSettings { LearningRates = [3e-3f], MaxSteps = 60, CheckEvery = 6 } };

    public static IReadOnlyList<IExperiment> All() => [new BaselineTableExperiment(), new RelearningExperiment(), new SharpnessExperiment()];
}
