using static AlignLab.Methods.Reasoning.ReasoningVocabulary;

namespace AlignLab.Methods.Reasoning;

/// <summary>
/// The verifier: the answer of a completion is the number right after its first "ans" token, and it counts only if
/// the end token follows that number. Nothing else of the completion is checked, so a wrong rationale with the right
/// answer passes (as with a final-answer checker on GSM8K).
/// </summary>
public static class AnswerVerifier
{
    /// <summary>The completion's answer, or null when it has no well-formed "ans n &lt;end&gt;".</summary>
    public static int? Parse(ReadOnlySpan<int> completion)
    {
        int at = completion.IndexOf(Answer);
        if (at < 0 || at + 2 >= completion.Length) return null;
        if (completion[at + 2] != End) return null;
        return ValueOf(completion[at + 1]);
    }

    public static bool IsCorrect(ReadOnlySpan<int> completion, ArithmeticProblem problem) => Parse(completion) == problem.Answer;

    /// <summary>The rationale part of a completion: everything before its first "ans" (all of it when there is none).</summary>
    public static ReadOnlySpan<int> Rationale(ReadOnlySpan<int> completion)
    {
        int at = completion.IndexOf(Answer);
        return at < 0 ? completion : completion[..at];
    }

    /// <summary>
    /// Whether the completion's rationale is exactly the gold one (a diagnostic the verifier does not use: in this task
    /// every correct derivation writes the gold rationale, so a verified sample without it reached the answer by luck).
    /// </summary>
    public static bool HasGoldRationale(ReadOnlySpan<int> completion, ArithmeticProblem problem) =>
        Rationale(completion).SequenceEqual(problem.GoldRationale());

    /// <summary>The value the rationale ends on ("… = v ;"), or null.</summary>
    public static int? FinalValue(ReadOnlySpan<int> rationale)
    {
        int n = rationale.Length;
        if (n < 3 || rationale[n - 3] != EqualsSign || rationale[n - 1] != Semicolon) return null;
        return ValueOf(rationale[n - 2]);
    }
}
