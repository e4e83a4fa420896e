using System.Buffers;

namespace AlignLab.Models.Tokenizers;

/// <summary>Finds special tokens (e.g. <c>&lt;|endoftext|&gt;</c>) in raw text so they become single ids, never BPE pieces.</summary>
internal sealed class SpecialTokenSplitter
{
    private readonly string[] byLengthDescending;
    private readonly SearchValues<string>? search;

    public SpecialTokenSplitter(IReadOnlyCollection<string> tokens)
    {
        byLengthDescending = [.. tokens];
        // Longest first so that a token that is a prefix of another never wins at the same position.
        Array.Sort(byLengthDescending, static (a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b));
        if (byLengthDescending.Length > 0) search = SearchValues.Create(byLengthDescending, StringComparison.Ordinal);
    }

    /// <summary>Index of the first special token in <paramref name="text"/> (or -1) and which one it is.</summary>
    public int IndexOf(ReadOnlySpan<char> text, out string token)
    {
        token = "";
        if (search == null) return -1;
        int at = text.IndexOfAny(search);
        if (at < 0) return -1;
        var rest = text[at..];
        foreach (var t in byLengthDescending)
            if (rest.StartsWith(t, StringComparison.Ordinal)) { token = t; return at; }
        return -1;
    }
}
