namespace AlignLab.Methods.RewardsFromDemos.Tasks;

/// <summary>
/// The exact ground-truth reward r*(x, y) ∈ [0, 1]: 1 for the right answer followed by end-of-sequence,
/// 0.5·(1 − edit distance / longer length) for a wrong one, 0 without end-of-sequence (a completion that never stops,
/// mirroring the missing-EOS penalty of summarisation RLHF).
/// </summary>
public static class TaskJudge
{
    /// <param name="completion">Generated ids; the answer is everything before the first end-of-sequence.</param>
    public static double Reward(string answer, IReadOnlyList<int> completion)
    {
        int end = -1;
        for (int i = 0; i < completion.Count; i++) if (completion[i] == TaskVocabulary.Eos) { end = i; break; }
        if (end < 0) return 0;
        var ids = new int[end];
        for (int i = 0; i < end; i++) ids[i] = completion[i];
        return Score(answer, TaskVocabulary.Decode(ids));
    }

    /// <summary>r* of a stopped completion whose text is <paramref name="text"/>.</summary>
    public static double Score(string answer, string text)
    {
        if (text == answer) return 1;
        int longer = Math.Max(answer.Length, text.Length);
        return 0.5 * (1 - (double)EditDistance(answer, text) / longer);
    }

    /// <summary>Levenshtein distance (unit-cost insertions, deletions, substitutions).</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
