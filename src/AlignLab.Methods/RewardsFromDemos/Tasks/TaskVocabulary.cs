namespace AlignLab.Methods.RewardsFromDemos.Tasks;

/// <summary>
/// One token per character over the tasks' alphabet: padding 0, end-of-sequence 1, digits, letters a–h, <c>+ = &gt;</c>
/// and one marker token per string task (printed as <c>rev:</c> and <c>sort:</c>).
/// </summary>
public static class TaskVocabulary
{
    public const int Pad = 0;
    public const int Eos = 1;
    private const string Symbols = "0123456789abcdefgh+=>";
    private const char ReverseMarker = 'R', SortMarker = 'S';
    public const int Size = 2 + 21 + 2;
    public const string Letters = "abcdefgh";

    public static int Id(char c) => c switch
    {
        ReverseMarker => 23,
        SortMarker => 24,
        _ => Symbols.IndexOf(c) is >= 0 and var i ? 2 + i : throw new ArgumentException($"text: '{c}' is not in the task alphabet"),
    };

    /// <summary>Ids of task text (markers as R and S), without end-of-sequence.</summary>
    public static int[] Encode(string text)
    {
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++) ids[i] = Id(text[i]);
        return ids;
    }

    /// <summary>The text of ids up to (not including) the first end-of-sequence; padding is skipped.</summary>
    public static string Decode(IReadOnlyList<int> ids)
    {
        var chars = new System.Text.StringBuilder(ids.Count);
        foreach (int id in ids)
        {
            if (id == Eos) break;
            if (id == Pad) continue;
            chars.Append(id switch { 23 => ReverseMarker, 24 => SortMarker, _ when id >= 2 && id < Size => Symbols[id - 2], _ => '?' });
        }
        return chars.ToString();
    }

    /// <summary>Task text as a reader sees it: the markers spelled out.</summary>
    public static string Display(string text) => text.Replace("R", "rev:").Replace("S", "sort:");
}
