using AlignLab.Reports;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>Sizes of <see cref="PolicyOrderingExperiment"/> and <see cref="RewardAccuracyExperiment"/>.</summary>
public sealed record PolicyOrderingSettings
{
    public required AlignSettings Align { get; init; }
    public required SeedRange Seeds { get; init; }
    /// <summary>Each tuned method's grid points, keyed by method name; methods not listed run at the hyperparameters of <see cref="Align"/>.</summary>
    public IReadOnlyDictionary<string, GridPoint[]>? Grid { get; init; }

    /// <summary>The full or the quick grid of every method in <paramref name="methods"/>.</summary>
    public static Dictionary<string, GridPoint[]> GridOf(IEnumerable<AlignMethod> methods, bool quick) =>
        methods.ToDictionary(AlignMethods.Name, m => quick ? MethodGrid.Quick(m) : MethodGrid.For(m));
}
