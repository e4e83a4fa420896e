using System.Text.Json;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

/// <summary>
/// A tiny GPT-2-style vocabulary built by hand: the 256 byte tokens in GPT-2 order (printable byte b has id b - 0x21),
/// merges he(256) ll(257) hell(258) hello(259) Ġw(260) lo(261), then &lt;|endoftext|&gt; (262).
/// </summary>
internal static class HandBuiltBpe
{
    public static readonly (string Left, string Right)[] Merges = [("h", "e"), ("l", "l"), ("he", "ll"), ("hell", "o"), ("Ġ", "w"), ("l", "o")];

    public static Dictionary<string, int> Vocab()
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (byte b in ByteUnicodeMap.BytesInGpt2Order) vocab[ByteUnicodeMap.ToChar(b).ToString()] = vocab.Count;
        foreach (var (l, r) in Merges) vocab[l + r] = vocab.Count;
        vocab[BpeVocabulary.EndOfText] = vocab.Count;
        return vocab;
    }

    public static ByteLevelBpeTokenizer Create()
    {
        var merges = new List<BpeMerge>();
        foreach (var (l, r) in Merges) merges.Add(new BpeMerge(l, r, merges.Count + 1));
        return new ByteLevelBpeTokenizer(new BpeVocabulary(Vocab(), merges, [BpeVocabulary.EndOfText]));
    }

    public static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "alignlab-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string VocabJson() => JsonSerializer.Serialize(Vocab());

    public static string MergesText()
    {
        var lines = new List<string> { "#version: 0.2" };
        foreach (var (l, r) in Merges) lines.Add($"{l} {r}");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>A tokenizer.json with merges as "a b" strings or as [a, b] pairs; &lt;|endoftext|&gt; only in added_tokens.</summary>
    public static string TokenizerJson(bool mergesAsPairs)
    {
        var vocab = Vocab();
        int eot = vocab[BpeVocabulary.EndOfText];
        vocab.Remove(BpeVocabulary.EndOfText);
        object merges = mergesAsPairs
            ? Merges.Select(m => new[] { m.Left, m.Right }).ToArray()
            : Merges.Select(m => $"{m.Left} {m.Right}").ToArray();
        return JsonSerializer.Serialize(new
        {
            version = "1.0",
            added_tokens = new[] { new { id = eot, content = BpeVocabulary.EndOfText, special = true } },
            model = new { type = "BPE", vocab, merges },
        });
    }
}
