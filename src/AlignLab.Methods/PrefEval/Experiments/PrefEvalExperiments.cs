using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.PrefEval.Experiments;

/// <summary>The PrefEval experiments in report order.</summary>
public static class PrefEvalExperiments
{
    public const string Paper = "Do LLMs Recognize Your Preferences? Evaluating Personalized Preference Following in LLMs (Zhao, Hong, Liu, Hazarika, Lin; ICLR 2025)";

    public static IReadOnlyList<IExperiment> All() => [new FillerLengthExperiment()];
}
