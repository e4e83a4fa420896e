using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// GPT-2-compatible byte-level BPE: pre-tokenize with GPT-2's regex, map UTF-8 bytes through
/// <see cref="ByteUnicodeMap"/>, merge by rank, look ids up; decode maps back to bytes and replaces invalid UTF-8.
/// Thread-safe; the per-word cache is shared by all callers.
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    private const int MaxCachedWordLength = 256;
    private const int MaxCacheEntries = 1 << 18;

    private readonly Dictionary<string, int> tokenToId;
    private readonly string?[] idToToken;
    private readonly byte[]?[] idToBytes;
    private readonly bool[] isSpecial;
    private readonly int[] byteIds = new int[256];
    private readonly BpeMergeTable merges = new();
    private readonly SpecialTokenSplitter splitter;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> cacheBySpan;
    private int cacheEntries;

    public BpeVocabulary Definition { get; }

    public ByteLevelBpeTokenizer(BpeVocabulary definition)
    {
        Definition = definition;
        tokenToId = new Dictionary<string, int>(definition.Vocab, StringComparer.Ordinal);
        int maxId = -1;
        foreach (var (token, id) in tokenToId)
        {
            if (id < 0) throw new InvalidDataException($"{definition.VocabSource}: token '{token}' has negative id {id}");
            maxId = Math.Max(maxId, id);
        }
        idToToken = new string?[maxId + 1];
        idToBytes = new byte[]?[maxId + 1];
        isSpecial = new bool[maxId + 1];
        foreach (var (token, id) in tokenToId)
        {
            if (idToToken[id] != null)
                throw new InvalidDataException($"{definition.VocabSource}: tokens '{idToToken[id]}' and '{token}' share id {id}");
            idToToken[id] = token;
        }

        foreach (var special in definition.SpecialTokens)
        {
            if (!tokenToId.TryGetValue(special, out int id))
                throw new InvalidDataException($"{definition.VocabSource}: special token '{special}' has no id");
            isSpecial[id] = true;
        }
        for (int id = 0; id <= maxId; id++)
            if (idToToken[id] is { } token) idToBytes[id] = isSpecial[id] ? Encoding.UTF8.GetBytes(token) : TokenBytes(token, id, definition.VocabSource);

        for (int b = 0; b < 256; b++)
        {
            var single = ByteUnicodeMap.ToChar((byte)b).ToString();
            if (!tokenToId.TryGetValue(single, out byteIds[b]))
                throw new InvalidDataException($"{definition.VocabSource}: missing the single-byte token '{single}' (byte 0x{b:X2}); not a byte-level BPE vocabulary");
        }

        foreach (var m in definition.Merges)
        {
            string where = $"{definition.MergesSource} {definition.MergePositionLabel} {m.Position}";
            if (!tokenToId.TryGetValue(m.Left, out int left))
                throw new InvalidDataException($"{where}: symbol '{m.Left}' is not in {definition.VocabSource}");
            if (!tokenToId.TryGetValue(m.Right, out int right))
                throw new InvalidDataException($"{where}: symbol '{m.Right}' is not in {definition.VocabSource}");
            if (!tokenToId.TryGetValue(m.Left + m.Right, out int merged))
                throw new InvalidDataException($"{where}: merge '{m.Left} {m.Right}' produces '{m.Left + m.Right}', which is not in {definition.VocabSource}");
            // A repeated merge never fires at its later rank; GPT-2's loader keeps the first as well.
            merges.TryAdd(left, right, merged);
        }

        splitter = new SpecialTokenSplitter(definition.SpecialTokens);
        cacheBySpan = cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static byte[] TokenBytes(string token, int id, string source)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
            if (!ByteUnicodeMap.TryToByte(token[i], out bytes[i]))
                throw new InvalidDataException($"{source}: token '{token}' (id {id}) has character U+{(int)token[i]:X4}, which is outside the byte-level alphabet");
        return bytes;
    }

    public string Kind => $"byte-level BPE (AlignLab) from {Definition.VocabSource}";

    /// <summary>One more than the largest id.</summary>
    public int VocabSize => idToToken.Length;

    /// <summary>GPT-2-style models start a prompt with no BOS.</summary>
    public int? BeginOfTextId => null;

    /// <summary>AlignLab's chat format; its markers are special tokens when the vocabulary was trained with them, else plain text.</summary>
    public IChatFormat? Chat => AlignLabChatFormat.Instance;

    public IReadOnlyList<string> SpecialTokens => Definition.SpecialTokens;

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c>, or null when the vocabulary has none.</summary>
    public int? EndOfTextId => tokenToId.TryGetValue(BpeVocabulary.EndOfText, out int id) ? id : null;

    public bool TryTokenToId(string token, out int id) => tokenToId.TryGetValue(token, out id);

    public int TokenToId(string token) =>
        tokenToId.TryGetValue(token, out int id) ? id : throw new ArgumentException($"token '{token}' is not in the vocabulary", nameof(token));

    public string IdToToken(int id) =>
        (uint)id < (uint)idToToken.Length && idToToken[id] is { } t ? t : throw new ArgumentOutOfRangeException(nameof(id), $"token id {id} is not in the vocabulary (size {VocabSize})");

    public bool IsSpecial(int id) => (uint)id < (uint)isSpecial.Length && isSpecial[id];

    /// <summary>
    /// Encodes text. With <paramref name="allowSpecial"/> (the default, as Hugging Face does) special-token
    /// strings in the text become their ids; without it they are encoded as ordinary text.
    /// </summary>
    public List<int> Encode(string text, bool allowSpecial = true)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids, allowSpecial);
        return ids;
    }

    public void Encode(ReadOnlySpan<char> text, List<int> output, bool allowSpecial = true)
    {
        while (!text.IsEmpty)
        {
            string special = "";
            int at = allowSpecial ? splitter.IndexOf(text, out special) : -1;
            if (at < 0) { EncodeOrdinary(text, output); return; }
            EncodeOrdinary(text[..at], output);
            output.Add(tokenToId[special]);
            text = text[(at + special.Length)..];
        }
    }

    private void EncodeOrdinary(ReadOnlySpan<char> text, List<int> output)
    {
        foreach (var m in Gpt2PreTokenizer.EnumerateMatches(text))
        {
            var word = text.Slice(m.Index, m.Length);
            if (cacheBySpan.TryGetValue(word, out var cached)) { output.AddRange(cached); continue; }
            var ids = EncodeWord(word);
            output.AddRange(ids);
            if (word.Length <= MaxCachedWordLength)
            {
                // A bounded cache: clearing it now and then is cheaper than tracking recency per hit.
                if (Interlocked.Increment(ref cacheEntries) > MaxCacheEntries) { cache.Clear(); Interlocked.Exchange(ref cacheEntries, 0); }
                cacheBySpan.TryAdd(word, ids);
            }
        }
    }

    private int[] EncodeWord(ReadOnlySpan<char> word)
    {
        int byteCount = Encoding.UTF8.GetByteCount(word);
        byte[]? rentedBytes = null;
        int[]? rentedIds = null;
        Span<byte> bytes = byteCount <= 512 ? stackalloc byte[byteCount] : (rentedBytes = ArrayPool<byte>.Shared.Rent(byteCount)).AsSpan(0, byteCount);
        Span<int> symbols = byteCount <= 512 ? stackalloc int[byteCount] : (rentedIds = ArrayPool<int>.Shared.Rent(byteCount)).AsSpan(0, byteCount);
        try
        {
            // Lone surrogates become U+FFFD's bytes here (the default replacement fallback), so any .NET string encodes.
            Encoding.UTF8.GetBytes(word, bytes);
            for (int i = 0; i < bytes.Length; i++) symbols[i] = byteIds[bytes[i]];
            int n = merges.Apply(symbols);
            return symbols[..n].ToArray();
        }
        finally
        {
            if (rentedBytes != null) ArrayPool<byte>.Shared.Return(rentedBytes);
            if (rentedIds != null) ArrayPool<int>.Shared.Return(rentedIds);
        }
    }

    /// <summary>Decodes ids to text; byte sequences that are not valid UTF-8 (e.g. a cut code point) become U+FFFD.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        int total = 0;
        foreach (int id in ids) total += BytesOf(id).Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        try
        {
            int at = 0;
            foreach (int id in ids)
            {
                var b = idToBytes[id]!;
                b.CopyTo(rented, at);
                at += b.Length;
            }
            return Encoding.UTF8.GetString(rented, 0, total);
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    public string Decode(IEnumerable<int> ids) => Decode(ids.ToArray());

    /// <summary>The raw bytes a token stands for (a special token's UTF-8 text).</summary>
    public ReadOnlySpan<byte> BytesOf(int id) =>
        (uint)id < (uint)idToBytes.Length && idToBytes[id] is { } b ? b : throw new ArgumentOutOfRangeException(nameof(id), $"token id {id} is not in the vocabulary (size {VocabSize})");

    /// <summary>Loads from a folder holding vocab.json + merges.txt, encoder.json + vocab.bpe, or tokenizer.json.</summary>
    public static ByteLevelBpeTokenizer FromDirectory(string directory) => new(BpeFiles.ReadDirectory(directory));

    /// <summary>Writes vocab.json, merges.txt (and added_tokens.json when there are special tokens), each atomically.</summary>
    public void Save(string directory) => BpeFiles.SaveHuggingFace(Definition, directory);
}
