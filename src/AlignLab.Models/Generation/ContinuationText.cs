using System.Text;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Generation;

/// <summary>
/// Decodes a continuation token by token and watches it for stop strings, as OpenAI's <c>stop</c> does: once the text
/// contains one, the text ends just before its first occurrence. A streaming caller gets only text that can no
/// longer change: bytes of an unfinished UTF-8 character wait for the rest, and a tail that could still grow into a
/// stop string is held back until it cannot (or until <see cref="Finish"/>).
/// </summary>
public sealed class ContinuationText
{
    private readonly ITextTokenizer tokenizer;
    private readonly IReadOnlyList<string> stops;
    private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly StringBuilder text = new();
    private readonly List<int> ids = new();
    // Text length once all of token i's bytes had become characters; -1 while some are still pending in the decoder.
    private readonly List<int> resolvedEnd = new();
    private readonly int longestStop;
    private char[] chars = new char[16];
    private int emitted;
    private bool finished;
    private int cut = -1;

    public ContinuationText(ITextTokenizer tokenizer, IReadOnlyList<string> stopStrings)
    {
        foreach (var s in stopStrings)
            if (string.IsNullOrEmpty(s)) throw new ArgumentException("stop strings must not be empty", nameof(stopStrings));
        this.tokenizer = tokenizer;
        stops = stopStrings;
        foreach (var s in stopStrings) longestStop = Math.Max(longestStop, s.Length);
    }

    /// <summary>True once a stop string has appeared; later tokens are ignored.</summary>
    public bool Stopped => cut >= 0;

    /// <summary>The text so far, cut before the stop string once one appeared.</summary>
    public string Text => Stopped ? text.ToString(0, cut) : text.ToString();

    /// <summary>The tokens whose text lies wholly before the cut (all tokens while no stop string appeared).</summary>
    public int[] Ids
    {
        get
        {
            if (!Stopped) return ids.ToArray();
            int keep = 0;
            while (keep < ids.Count && resolvedEnd[keep] >= 0 && resolvedEnd[keep] <= cut) keep++;
            return ids.GetRange(0, keep).ToArray();
        }
    }

    /// <summary>Appends a token; returns true when the text now contains a stop string.</summary>
    public bool Add(int id)
    {
        if (finished) throw new InvalidOperationException("the continuation is finished");
        if (Stopped) return true;
        ids.Add(id);
        resolvedEnd.Add(-1);
        Append(tokenizer.BytesOf(id), flush: false);
        return Stopped;
    }

    /// <summary>Ends the text: bytes of an unfinished character become U+FFFD, as <see cref="ITextTokenizer.Decode(ReadOnlySpan{int})"/> does.</summary>
    public void Finish()
    {
        if (finished) return;
        finished = true;
        if (!Stopped) Append([], flush: true);
    }

    /// <summary>
    /// The text that became final since the last call: everything up to the cut once stopped or finished, otherwise
    /// all but the longest tail that is a proper prefix of some stop string.
    /// </summary>
    public string TakeNewText()
    {
        int end = Stopped ? cut : finished ? text.Length : text.Length - PossibleStopStart();
        if (end <= emitted) return "";
        var delta = text.ToString(emitted, end - emitted);
        emitted = end;
        return delta;
    }

    private void Append(ReadOnlySpan<byte> bytes, bool flush)
    {
        int before = text.Length;
        int need = decoder.GetCharCount(bytes, flush);
        if (chars.Length < need) chars = new char[Math.Max(need, chars.Length * 2)];
        int n = decoder.GetChars(bytes, chars, flush);
        text.Append(chars, 0, n);
        // Without pending bytes, every token so far has been turned into characters.
        if (decoder.GetCharCount([], flush: true) == 0)
            for (int i = resolvedEnd.Count - 1; i >= 0 && resolvedEnd[i] < 0; i--) resolvedEnd[i] = text.Length;
        FindStop(before);
    }

    private void FindStop(int before)
    {
        if (stops.Count == 0) return;
        // Earlier text was already searched, so only matches that end in the new characters are new.
        int from = Math.Max(0, before - longestStop + 1);
        var tail = text.ToString(from, text.Length - from);
        foreach (var s in stops)
        {
            int at = tail.IndexOf(s, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || from + at < cut)) cut = from + at;
        }
    }

    /// <summary>Length of the longest tail of the text that a stop string starts with (0 when there is none).</summary>
    private int PossibleStopStart()
    {
        int best = 0;
        foreach (var s in stops)
            for (int k = Math.Min(s.Length - 1, text.Length); k > best; k--)
                if (EndsWith(s.AsSpan(0, k))) { best = k; break; }
        return best;
    }

    private bool EndsWith(ReadOnlySpan<char> prefix)
    {
        int start = text.Length - prefix.Length;
        for (int i = 0; i < prefix.Length; i++)
            if (text[start + i] != prefix[i]) return false;
        return true;
    }
}
