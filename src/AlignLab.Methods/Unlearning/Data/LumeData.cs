namespace AlignLab.Methods.Unlearning.Data;

/// <summary>
/// A LUME-format benchmark: forget and retain rows, the MIA member and non-member documents, the utility questions
/// and the general text a target model learns besides the tasks (<see cref="Background"/>). Documents are recovered
/// from the sentence-completion rows (input + output), which is what a target model is fine-tuned on.
/// </summary>
public sealed record LumeData(
    IReadOnlyList<LumeRow> Forget, IReadOnlyList<LumeRow> Retain,
    IReadOnlyList<MiaDocument> Members, IReadOnlyList<MiaDocument> NonMembers,
    IReadOnlyList<UtilityQuestion> Utility, IReadOnlyList<string> Background)
{
    public IReadOnlyList<LumeRow> Rows(LumeSplit split) => split == LumeSplit.Forget ? Forget : Retain;

    /// <summary>The tasks present, in order ("Task1", "Task2", "Task3" for LUME).</summary>
    public IReadOnlyList<string> Tasks => Forget.Concat(Retain).Select(r => r.Task).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The full text of every document of a split: input + output of its sentence-completion row.</summary>
    public IReadOnlyList<(string DocumentId, string Task, string Text)> Documents(LumeSplit split) =>
        Rows(split).Where(r => r.Kind == LumeKind.SentenceCompletion).Select(r => (r.DocumentId, r.Task, DocumentText(r))).ToArray();

    public static string DocumentText(LumeRow sentenceCompletion) => sentenceCompletion.Input + " " + sentenceCompletion.Output;

    /// <summary>The rows of the given documents (a relearning attacker's subset, or the documents it did not see).</summary>
    public static IReadOnlyList<LumeRow> RowsOf(IReadOnlyList<LumeRow> rows, IReadOnlySet<string> documentIds) =>
        rows.Where(r => documentIds.Contains(r.DocumentId)).ToArray();
}
