namespace AlignLab.Methods.Quantization;

/// <summary>The character vocabulary of the synthetic posts task: id 0 is padding, then lower-case letters, digits and punctuation.</summary>
public static class CharVocabulary
{
    public const string Characters = "\0abcdefghijklmnopqrstuvwxyz0123456789 .,;:\n";
    public const int Size = 48;
    public const int Pad = 0;
    public static readonly int EndOfSummary = Characters.IndexOf('\n');

    public static int[] Encode(string text)
    {
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            int id = Characters.IndexOf(text[i]);
            if (id <= 0) throw new ArgumentException($"character '{text[i]}' (at {i} in \"{text}\") is not in the posts vocabulary");
            ids[i] = id;
        }
        return ids;
    }

    public static string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(i => i > 0 && i < Characters.Length ? Characters[i] : '?'));
}
