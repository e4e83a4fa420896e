using System.Text.RegularExpressions;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// GPT-2's pre-tokenizer: splits raw text into the pieces BPE runs on (openai/gpt-2 <c>encoder.py</c>).
/// The contractions are case-sensitive on purpose: "DON'T" splits as "DON", "'", "T" exactly as in GPT-2.
/// </summary>
/// <remarks>
/// Special tokens such as <c>&lt;|endoftext|&gt;</c> are cut out of the text before this regex runs
/// (<see cref="SpecialTokenSplitter"/>) rather than being an alternative in the pattern: inside the
/// alternation " &lt;|endoftext|&gt;" would be eaten by the " ?[^\s\p{L}\p{N}]+" branch as " &lt;|",
/// and the pattern could only know one fixed special token.
/// .NET matches UTF-16 code units, Python's regex code points: a letter outside the BMP (e.g. U+1D400)
/// is not \p{L} here, so such rare letters may split differently from GPT-2 (they still round-trip).
/// </remarks>
public static partial class Gpt2PreTokenizer
{
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    public static partial Regex Regex();

    /// <summary>Allocation-free enumeration of the pre-tokens of <paramref name="text"/>.</summary>
    public static Regex.ValueMatchEnumerator EnumerateMatches(ReadOnlySpan<char> text) => Regex().EnumerateMatches(text);

    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        foreach (var m in EnumerateMatches(text)) pieces.Add(text.Substring(m.Index, m.Length));
        return pieces;
    }
}
