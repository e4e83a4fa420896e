namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>
/// <c>rouge_score</c>'s default tokenizer: lowercase, every run of characters outside [a-z0-9] becomes a space, split
/// on whitespace, Porter-stem tokens longer than three characters, drop empty tokens. So "900-51-4344" is the three
/// tokens 900 51 4344, and "@", "_" and accented letters separate tokens.
/// </summary>
public static class RougeTokenizer
{
    public static string[] Tokenize(string text, bool stem = true)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        // Python's str.lower() before the ASCII filter: lowercase first, so only a-z and 0-9 survive.
        foreach (char raw in text.ToLowerInvariant())
        {
            if (raw is >= 'a' and <= 'z' or >= '0' and <= '9') { current.Append(raw); continue; }
            Flush();
        }
        Flush();
        return tokens.ToArray();

        void Flush()
        {
            if (current.Length == 0) return;
            string token = current.ToString();
            current.Clear();
            tokens.Add(stem && token.Length > 3 ? PorterStemmer.Stem(token) : token);
        }
    }
}
