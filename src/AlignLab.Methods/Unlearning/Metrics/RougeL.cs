namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>ROUGE-L as <c>rouge_score</c> computes it: the longest common subsequence of the two token lists.</summary>
public static class RougeL
{
    /// <summary>LCS(reference, candidate) / |reference| with the stemming tokenizer: LUME's regurgitation score.
    /// An empty reference scores 0, as in <c>rouge_score</c>.</summary>
    public static double Recall(string reference, string candidate)
    {
        var r = RougeTokenizer.Tokenize(reference);
        var c = RougeTokenizer.Tokenize(candidate);
        return r.Length == 0 || c.Length == 0 ? 0 : (double)Lcs(r, c) / r.Length;
    }

    /// <summary>The F-measure (MUSE's VerbMem uses it); 0 when either side is empty.</summary>
    public static double F1(string reference, string candidate)
    {
        var r = RougeTokenizer.Tokenize(reference);
        var c = RougeTokenizer.Tokenize(candidate);
        if (r.Length == 0 || c.Length == 0) return 0;
        int lcs = Lcs(r, c);
        if (lcs == 0) return 0;
        double p = (double)lcs / c.Length, rec = (double)lcs / r.Length;
        return 2 * p * rec / (p + rec);
    }

    public static int Lcs(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var row = new int[b.Count + 1];
        for (int i = 1; i <= a.Count; i++)
        {
            for (int j = 1; j <= b.Count; j++)
                row[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], row[j - 1]);
            (previous, row) = (row, previous);
        }
        return previous[b.Count];
    }
}
