namespace AlignLab.Methods.PrefEval;

/// <summary>
/// One item's outcome, one JSONL line: what was asked (inter-turns, approximate prompt tokens at 4 characters per
/// token, whether the model cut the conversation), what came back, and the verdict (error type for the generation
/// task; chosen and correct letter for the classification task).
/// </summary>
public sealed record PrefEvalItemResult
{
    public required string Item { get; init; }
    public required string Topic { get; init; }
    public required int Index { get; init; }
    public required string Form { get; init; }
    public required string Task { get; init; }
    public required string Method { get; init; }
    public required int InterTurns { get; init; }
    public required long ApproxPromptTokens { get; init; }
    public required bool Truncated { get; init; }
    public required string Model { get; init; }
    public string? PreferenceReply { get; init; }
    public required string Response { get; init; }
    /// <summary>Self-critic: the first (zero-shot) answer and the critique.</summary>
    public string? FirstResponse { get; init; }
    public string? Critique { get; init; }
    public IReadOnlyList<string>? Retrieved { get; init; }
    public required bool Correct { get; init; }
    // Generation task
    public string? Judge { get; init; }
    public string? ErrorType { get; init; }
    public bool? Acknowledges { get; init; }
    public string? Restatement { get; init; }
    public bool? Hallucinates { get; init; }
    public bool? Violates { get; init; }
    public bool? Helpful { get; init; }
    // Classification task
    public IReadOnlyList<string>? ShuffledOptions { get; init; }
    public string? Choice { get; init; }
    public string? CorrectChoice { get; init; }
    public uint? ShuffleSeed { get; init; }
    public double[]? OptionLogLikelihoods { get; init; }
}
