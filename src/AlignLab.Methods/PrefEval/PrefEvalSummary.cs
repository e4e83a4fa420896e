namespace AlignLab.Methods.PrefEval;

/// <summary>
/// A run's totals: accuracy over the items done, how many, the error types (generation task), calls answered from the
/// cache and new calls (model and judge together), and why the run stopped early if it did (the cost cap).
/// </summary>
public sealed record PrefEvalSummary(
    double Accuracy,
    int Items,
    IReadOnlyDictionary<string, int> ErrorsByType,
    long CachedCalls,
    long NewCalls,
    string? Stopped,
    IReadOnlyList<PrefEvalItemResult> Results)
{
    public Dictionary<string, object?> ToJson() => new()
    {
        ["accuracy"] = Accuracy,
        ["items"] = Items,
        ["errors_by_type"] = ErrorsByType,
        ["cached_calls"] = CachedCalls,
        ["new_calls"] = NewCalls,
        ["stopped"] = Stopped,
    };
}
