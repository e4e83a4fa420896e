namespace AlignLab.Methods.Quantization.Experiments;

/// <summary>Per seed (index into the seed range), the scores of every (bits, method) with outliers, and of the control without.</summary>
public sealed record RosteComparisonResult(
    IReadOnlyList<Dictionary<(string Bits, QuantMethod Method), MethodScore>> Injected,
    IReadOnlyList<Dictionary<(string Bits, QuantMethod Method), MethodScore>> Control);
