namespace AlignLab.Methods.Unlearning.Data;

/// <summary>Which metric a row feeds: sentence completion (regurgitation, ROUGE-L recall) or question answering (exact match).</summary>
public enum LumeKind { SentenceCompletion, QuestionAnswer }

/// <summary>Forget or retain: forget scores are inverted (1 − x) in LUME's aggregate.</summary>
public enum LumeSplit { Forget, Retain }

/// <summary>
/// One row of LUME's <c>forget.jsonl</c>/<c>retain.jsonl</c>: <c>{"id", "input", "output", "task"}</c>. The id is a
/// document id followed by <c>sc&lt;k&gt;</c> or <c>qa&lt;k&gt;</c> with a one-digit k; the evaluation script decides the
/// kind by <c>id[:-1].endswith("sc")</c>, and so does <see cref="KindOf"/>.
/// </summary>
public sealed record LumeRow(string Id, string Input, string Output, string Task)
{
    public LumeKind Kind => KindOf(Id) ?? throw new InvalidDataException($"row id '{Id}' ends in neither sc<k> nor qa<k>");

    /// <summary>The id without its kind suffix: rows of one document share it.</summary>
    public string DocumentId => Id[..^3];

    public static LumeKind? KindOf(string id)
    {
        if (id.Length < 3) return null;
        var stem = id.AsSpan(0, id.Length - 1);
        if (stem.EndsWith("sc", StringComparison.Ordinal)) return LumeKind.SentenceCompletion;
        if (stem.EndsWith("qa", StringComparison.Ordinal)) return LumeKind.QuestionAnswer;
        return null;
    }
}

/// <summary>A line of LUME's <c>mia_data/member.jsonl</c> or <c>nonmember.jsonl</c>: <c>{"id", "document"}</c>.</summary>
public sealed record MiaDocument(string Id, string Document);

/// <summary>
/// A multiple-choice utility question (our MMLU stand-in): the question, four options and the index of the right one.
/// Scored by the likelihood of each option's text as a completion of the question, argmax wins (Open-Instruct's way).
/// </summary>
public sealed record UtilityQuestion(string Id, string Question, IReadOnlyList<string> Options, int Answer);
