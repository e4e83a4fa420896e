using System.Text;

namespace AlignLab.Methods.Reasoning;

/// <summary>
/// The word-level vocabulary of the arithmetic word problems: every number 0…<see cref="MaxValue"/> is one token and
/// every word one more, so a five-step problem with its rationale fits in 64 positions.
/// </summary>
public static class ReasoningVocabulary
{
    /// <summary>Largest value any quantity takes; 19 keeps the arithmetic facts few enough for a tiny model to learn.</summary>
    public const int MaxValue = 19;

    public const int Padding = 0;
    public const int End = 1;
    private const int FirstNumber = 2;

    private static readonly string[] Words =
    [
        "has", "buys", "finds", "gives", "loses", "doubles", "halves", ".", "?", "=", ";", "ans",
    ];
    private static readonly int FirstWord = FirstNumber + MaxValue + 1;

    public static int Has => Word("has");
    public static int Period => Word(".");
    public static int Question => Word("?");
    public static int EqualsSign => Word("=");
    public static int Semicolon => Word(";");
    /// <summary>Opens the answer: a rationale is everything before it.</summary>
    public static int Answer => Word("ans");

    public static int Size => FirstWord + Words.Length;

    public static int Number(int value) =>
        (uint)value <= MaxValue ? FirstNumber + value : throw new ArgumentOutOfRangeException(nameof(value), value, $"numbers are 0…{MaxValue}");

    /// <summary>The value of a number token, or null for any other token.</summary>
    public static int? ValueOf(int id) => id >= FirstNumber && id < FirstWord ? id - FirstNumber : null;

    public static int Word(string word)
    {
        int i = Array.IndexOf(Words, word);
        return i >= 0 ? FirstWord + i : throw new ArgumentException($"'{word}' is not in the reasoning vocabulary");
    }

    /// <summary>Space-separated text of ids, e.g. "has 3 . buys 4 . ?" (the end token prints as "&lt;end&gt;").</summary>
    public static string Render(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(id switch
            {
                Padding => "<pad>",
                End => "<end>",
                _ when ValueOf(id) is int v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ when id >= FirstWord && id < Size => Words[id - FirstWord],
                _ => throw new ArgumentOutOfRangeException(nameof(ids), id, $"token id outside the vocabulary of {Size}"),
            });
        }
        return text.ToString();
    }

    /// <summary>The ids of space-separated text (what <see cref="Render"/> writes).</summary>
    public static int[] Parse(string text)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
            ids[i] = tokens[i] switch
            {
                "<end>" => End,
                "<pad>" => Padding,
                _ when int.TryParse(tokens[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) => Number(v),
                var w => Array.IndexOf(Words, w) >= 0 ? Word(w) : throw new FormatException($"token {i} '{w}' is not in the reasoning vocabulary"),
            };
        return ids;
    }
}
