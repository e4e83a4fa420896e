using AlignLab.Reports;

namespace AlignLab.Methods.Quantization.Experiments;

/// <summary>Sizes of <see cref="RosteComparisonExperiment"/>.</summary>
public sealed record RosteComparisonSettings
{
    public required StudySettings Study { get; init; }
    public required SeedRange Seeds { get; init; }
    public IReadOnlyList<string> Bits { get; init; } = ["w4a4kv4", "w4a8kv4"];
    /// <summary>Also fine-tune FP, STE and RoSTE at the first bit setting from the model without injected outliers.</summary>
    public bool Control { get; init; } = true;
}
