using System.Text.RegularExpressions;

namespace AlignLab.Methods.PrefEval.Conversations;

/// <summary>
/// Okapi BM25 (k1 = 1.5, b = 0.75) of each history message against the question, the lexical stand-in for the
/// released harness's offline SimCSE scores: top-k messages by score, ties broken by position (earlier first).
/// </summary>
public static partial class LexicalRetriever
{
    public static IReadOnlyList<int> TopK(IReadOnlyList<string> documents, string query, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"top-k must be at least 1, got {k}");
        var docs = documents.Select(Tokens).ToList();
        var q = Tokens(query).Distinct().ToList();
        double avg = docs.Count == 0 ? 0 : docs.Average(d => d.Count);
        var df = new Dictionary<string, int>();
        foreach (var d in docs) foreach (var t in d.Distinct()) df[t] = df.GetValueOrDefault(t) + 1;
        var scores = new double[docs.Count];
        for (int i = 0; i < docs.Count; i++) scores[i] = Score(docs[i], q, df, docs.Count, avg);
        return Enumerable.Range(0, docs.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToList();
    }

    public static double Score(IReadOnlyList<string> doc, IReadOnlyList<string> query, IReadOnlyDictionary<string, int> df, int n, double avgLength)
    {
        const double k1 = 1.5, b = 0.75;
        double score = 0;
        foreach (var term in query)
        {
            int f = doc.Count(t => t == term);
            if (f == 0) continue;
            int d = df.GetValueOrDefault(term);
            double idf = Math.Log(1 + (n - d + 0.5) / (d + 0.5));
            score += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * doc.Count / Math.Max(avgLength, 1e-9)));
        }
        return score;
    }

    public static List<string> Tokens(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
