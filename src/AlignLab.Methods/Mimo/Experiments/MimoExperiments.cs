using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>The MIMO paper's experiments, in report order.</summary>
public static class MimoExperiments
{
    public static IReadOnlyList<IExperiment> All() =>
    [
        NmseVsBitsExperiment.Headline,
        NmseVsBitsExperiment.Small,
        new DitherAblationExperiment(),
        new DiagnosticsExperiment(),
    ];
}
