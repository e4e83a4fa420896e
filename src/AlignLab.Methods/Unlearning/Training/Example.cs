using AlignLab.Methods.Unlearning.Data;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>A prompt and the completion whose tokens are scored (and trained on). Documents have prompt [BOS] and
/// completion = the whole text + EOS; questions have prompt BOS + question and completion = " " + answer + EOS.</summary>
public sealed record Example(int[] Prompt, int[] Completion)
{
    public static Example Document(WordTokenizer t, string text) => new([WordTokenizer.Bos], [.. t.Encode(text), WordTokenizer.Eos]);

    /// <summary>The prompt of a row (BOS + input) and its expected continuation (" " + output, then EOS).</summary>
    public static Example Row(WordTokenizer t, LumeRow row) => new([WordTokenizer.Bos, .. t.Encode(row.Input)], [.. t.Encode(" " + row.Output), WordTokenizer.Eos]);

    /// <summary>What an unlearning or relearning step trains on for a split: its documents and its question rows.</summary>
    public static IReadOnlyList<Example> TrainingSet(WordTokenizer t, IEnumerable<LumeRow> rows) =>
        rows.Select(r => r.Kind == LumeKind.SentenceCompletion ? Document(t, LumeData.DocumentText(r)) : Row(t, r)).ToArray();
}
