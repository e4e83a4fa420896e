using AlignLab.Methods.PrefEval.Data;

namespace AlignLab.Methods.PrefEval.Judging;

/// <summary>Runs the four checks on an answer to <paramref name="item"/>'s question, against its true (explicit) preference.</summary>
public interface IPreferenceJudge
{
    /// <summary>What the results record as the judge (a model name, or "rule-based").</summary>
    string Name { get; }
    Task<JudgeVerdict> JudgeAsync(PrefEvalItem item, string response, CancellationToken cancel = default);
}
