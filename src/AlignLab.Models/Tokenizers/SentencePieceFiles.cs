using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// Llama 2 / Mistral tokenizers through Microsoft.ML.Tokenizers' <see cref="LlamaTokenizer"/>: a SentencePiece
/// <c>tokenizer.model</c> as it is, or a Hugging Face SentencePiece-BPE <c>tokenizer.json</c> (metaspace, byte fallback)
/// rewritten as a SentencePiece model first, since the library reads that kind only in its <c>.model</c> form.
/// </summary>
internal static class SentencePieceFiles
{
    private const string Library = "SentencePiece BPE (Microsoft.ML.Tokenizers LlamaTokenizer)";

    public static LibraryTokenizer FromModelFile(string directory, TokenizerConfig config)
    {
        string path = Path.Combine(directory, "tokenizer.model");
        byte[] model = File.ReadAllBytes(path);
        return Create(model, config.AddedTokens, config, directory, path, [path]);
    }

    /// <summary>
    /// tokenizer.json's pieces keep their ids; a merged piece's score is minus the rank of the first merge that makes
    /// it, so SentencePiece's "merge the highest-scoring pair" picks the merge Hugging Face ranks first. Converted Llama
    /// and Mistral files list merges in that order (by the merged piece's score), which makes the two the same.
    /// </summary>
    public static LibraryTokenizer FromTokenizerJson(string path, JsonElement root, TokenizerConfig config, string directory)
    {
        var model = root.GetProperty("model");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in model.GetProperty("vocab").EnumerateObject())
            if (!p.Value.TryGetInt32(out int id) || id < 0 || !vocab.TryAdd(p.Name, id))
                throw new InvalidDataException($"{path}: model.vocab entry '{p.Name}' has a bad or repeated id");
        var pieces = new SentencePiece[vocab.Count];
        var score = new Dictionary<string, int>(StringComparer.Ordinal);
        if (model.TryGetProperty("merges", out var merges) && merges.ValueKind == JsonValueKind.Array)
        {
            int rank = 0;
            foreach (var m in merges.EnumerateArray())
            {
                string merged = m.ValueKind == JsonValueKind.String ? m.GetString()!.Replace(" ", "", StringComparison.Ordinal)
                              : m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2 ? m[0].GetString() + m[1].GetString()
                              : throw new InvalidDataException($"{path}: model.merges[{rank}] is neither \"a b\" nor [\"a\", \"b\"]");
                score.TryAdd(merged, rank++);
            }
        }
        var added = AddedTokens(root, path);
        foreach (var (t, id) in added) vocab.TryAdd(t, id);
        string unk = model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "<unk>";
        foreach (var (piece, id) in vocab)
        {
            if (id >= pieces.Length) throw new InvalidDataException($"{path}: id {id} of '{piece}' is beyond the {pieces.Length} pieces (ids must be 0..n-1)");
            var type = piece == unk ? SentencePieceType.Unknown
                     : added.ContainsKey(piece) ? SentencePieceType.Control
                     : IsBytePiece(piece) ? SentencePieceType.Byte : SentencePieceType.Normal;
            pieces[id] = new SentencePiece(piece, score.TryGetValue(piece, out int r) ? -r : 0f, type);
        }
        for (int i = 0; i < pieces.Length; i++)
            if (pieces[i].Piece is null) throw new InvalidDataException($"{path}: no piece has id {i} (ids must be 0..n-1)");
        bool byteFallback = model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True;
        int Id(string? token, int fallback) => token != null && vocab.TryGetValue(token, out int id) ? id : fallback;
        var options = new SentencePieceModelWriter.Options(byteFallback, Id(unk, 0), Id(config.BosToken ?? "<s>", -1), Id(config.EosToken ?? "</s>", -1));
        var specials = new Dictionary<string, int>(added, StringComparer.Ordinal);
        foreach (var (t, id) in config.AddedTokens) specials.TryAdd(t, id);
        var files = new List<string> { path };
        return Create(SentencePieceModelWriter.Write(pieces, options), specials, config, directory, path, files);
    }

    /// <summary>tokenizer.json's added_tokens: Hugging Face matches each of them whole in raw text.</summary>
    internal static Dictionary<string, int> AddedTokens(JsonElement root, string path)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("added_tokens", out var list) || list.ValueKind != JsonValueKind.Array) return added;
        int i = 0;
        foreach (var t in list.EnumerateArray())
        {
            if (!t.TryGetProperty("id", out var idElement) || !idElement.TryGetInt32(out int id) ||
                !t.TryGetProperty("content", out var c) || c.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}: added_tokens[{i}] needs an integer 'id' and a string 'content'");
            added[c.GetString()!] = id;
            i++;
        }
        return added;
    }

    private static bool IsBytePiece(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>' &&
        byte.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _);

    private static LibraryTokenizer Create(byte[] model, IReadOnlyDictionary<string, int> specialTokens, TokenizerConfig config,
                                           string directory, string source, List<string> files)
    {
        SentencePieceTokenizer Load(IReadOnlyDictionary<string, int>? specials)
        {
            try { return LlamaTokenizer.Create(new MemoryStream(model), false, false, specials); }
            catch (Exception e) when (e is not OutOfMemoryException) { throw new InvalidDataException($"{source}: not a SentencePiece BPE model Microsoft.ML.Tokenizers can read ({e.Message})", e); }
        }
        var probe = Load(null);
        var vocab = probe.Vocabulary;
        var specials = new Dictionary<string, int>(specialTokens, StringComparer.Ordinal);
        // Control pieces (<s>, </s>, <unk>) are special, matched whole in text as Hugging Face does, even when no config lists them.
        foreach (var id in new[] { probe.BeginningOfSentenceId, probe.EndOfSentenceId, probe.UnknownId })
            foreach (var (t, i) in vocab)
                if (i == id && id >= 0) { specials.TryAdd(t, i); break; }
        // Special tokens are cut out here and each piece of text between them is encoded on its own, so each gets the
        // dummy-prefix space as Hugging Face's (legacy) Llama tokenizer gives it; the library adds it only at the start.
        var splitter = new SpecialTokenSplitter(specials.Keys.ToArray());
        SentencePieceTokenizer Make(bool withSpecials) => probe;
        IReadOnlyList<int> Encode(ReadOnlySpan<char> text, bool withSpecials)
        {
            if (!withSpecials) return probe.EncodeToIds(text, false, false);
            var ids = new List<int>();
            while (!text.IsEmpty)
            {
                int at = splitter.IndexOf(text, out string special);
                var segment = at < 0 ? text : text[..at];
                if (!segment.IsEmpty) ids.AddRange(probe.EncodeToIds(segment, false, false));
                if (at < 0) break;
                ids.Add(specials[special]);
                text = text[(at + special.Length)..];
            }
            return ids;
        }
        int? bos = config.AddBosToken == false ? null : Lookup(vocab, config.BosToken) ?? probe.BeginningOfSentenceId;
        int? eos = Lookup(vocab, config.EosToken) ?? Lookup(specials, config.EosToken) ?? probe.EndOfSentenceId;
        string bosText = Name(vocab, probe.BeginningOfSentenceId) ?? "", eosText = Name(vocab, eos ?? -1) ?? "";
        var chat = config.ChatTemplate is { } template ? new HfChatFormat(template, config.BosToken ?? bosText, config.EosToken ?? eosText, config.ChatTemplateSource) : null;
        foreach (var name in new[] { "tokenizer_config.json", "special_tokens_map.json" })
            if (File.Exists(Path.Combine(directory, name))) files.Add(Path.Combine(directory, name));
        return new LibraryTokenizer($"{Library} from {source}", vocab, PieceBytes, specials, Make,
            Encode, bos, eos, chat, files);
    }

    private static int? Lookup(IReadOnlyDictionary<string, int> vocab, string? token) => token != null && vocab.TryGetValue(token, out int id) ? id : null;

    private static string? Name(IReadOnlyDictionary<string, int> vocab, int id)
    {
        foreach (var (t, i) in vocab) if (i == id) return t;
        return null;
    }

    /// <summary>A piece in running text: U+2581 is a space, &lt;0xNN&gt; is the byte NN.</summary>
    private static byte[] PieceBytes(string piece, int id) =>
        IsBytePiece(piece) ? [byte.Parse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)]
                           : Encoding.UTF8.GetBytes(piece.Replace('\u2581', ' '));
}
