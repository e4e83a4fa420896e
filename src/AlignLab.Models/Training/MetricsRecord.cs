using System.Text.Json.Serialization;

namespace AlignLab.Models.Training;

/// <summary>One line of <c>metrics.jsonl</c>; the eval fields appear on the steps that evaluated.</summary>
public sealed record MetricsRecord(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("lr")] float LearningRate,
    [property: JsonPropertyName("grad_norm")] double GradNorm,
    [property: JsonPropertyName("tokens_per_s")] double TokensPerSecond,
    [property: JsonPropertyName("eval_loss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? EvalLoss = null,
    [property: JsonPropertyName("eval_ppl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? EvalPerplexity = null);
