using System.Text;
using AlignLab.Core.IO;
using MlTokenizer = Microsoft.ML.Tokenizers.Tokenizer;

namespace AlignLab.Models.Tokenizers;

/// <summary>Encodes text with or without special tokens matched.</summary>
internal delegate IReadOnlyList<int> LibraryEncode(ReadOnlySpan<char> text, bool allowSpecial);

/// <summary>
/// An <see cref="ITextTokenizer"/> backed by a Microsoft.ML.Tokenizers tokenizer (SentencePiece or Tiktoken): encoding
/// and decoding are the library's; this class adds the id tables, BOS/EOS, the chat template and saving.
/// </summary>
public sealed class LibraryTokenizer : ITextTokenizer
{
    private readonly MlTokenizer withSpecials;
    private readonly LibraryEncode encode;
    private readonly Dictionary<string, int> tokenToId;
    private readonly byte[][] idToBytes;
    private readonly bool[] isSpecial;
    private readonly IReadOnlyList<string> files;

    /// <param name="tokens">Every id's token text as the library names it.</param>
    /// <param name="bytesOf">A token's bytes in running text (special tokens are given their UTF-8 text here).</param>
    /// <param name="create">Builds the library tokenizer with or without the special tokens matched in raw text.</param>
    /// <param name="files">The folder's files that <see cref="Save"/> copies next to a saved model.</param>
    internal LibraryTokenizer(string kind, IReadOnlyDictionary<string, int> tokens, Func<string, int, byte[]> bytesOf,
                              IReadOnlyDictionary<string, int> specialTokens, Func<bool, MlTokenizer> create,
                              LibraryEncode encode,
                              int? bos, int? eos, IChatFormat? chat, IReadOnlyList<string> files)
    {
        Kind = kind;
        tokenToId = new Dictionary<string, int>(tokens, StringComparer.Ordinal);
        foreach (var (t, id) in specialTokens) tokenToId[t] = id;
        int size = 0;
        foreach (var id in tokenToId.Values) size = Math.Max(size, id + 1);
        idToBytes = new byte[size][];
        isSpecial = new bool[size];
        foreach (var (t, id) in tokenToId) idToBytes[id] = specialTokens.ContainsKey(t) ? Encoding.UTF8.GetBytes(t) : bytesOf(t, id);
        for (int i = 0; i < size; i++) idToBytes[i] ??= [];
        foreach (var id in specialTokens.Values) isSpecial[id] = true;
        SpecialTokens = [.. specialTokens.Keys];
        withSpecials = create(true);
        this.encode = encode;
        BeginOfTextId = bos;
        EndOfTextId = eos;
        Chat = chat;
        this.files = files;
    }

    public string Kind { get; }
    public int VocabSize => idToBytes.Length;
    public IReadOnlyList<string> SpecialTokens { get; }
    public int? EndOfTextId { get; }
    public int? BeginOfTextId { get; }
    public IChatFormat? Chat { get; }

    public bool TryTokenToId(string token, out int id) => tokenToId.TryGetValue(token, out id);

    public int TokenToId(string token) =>
        tokenToId.TryGetValue(token, out int id) ? id : throw new ArgumentException($"token '{token}' is not in the vocabulary", nameof(token));

    public bool IsSpecial(int id) => (uint)id < (uint)isSpecial.Length && isSpecial[id];

    public List<int> Encode(string text, bool allowSpecial = true)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids, allowSpecial);
        return ids;
    }

    public void Encode(ReadOnlySpan<char> text, List<int> output, bool allowSpecial = true)
    {
        if (text.IsEmpty) return;
        output.AddRange(encode(text, allowSpecial));
    }

    public string Decode(ReadOnlySpan<int> ids)
    {
        foreach (int id in ids)
            if ((uint)id >= (uint)idToBytes.Length) throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is not in the vocabulary (size {VocabSize})");
        return withSpecials.Decode(ids.ToArray());
    }

    public ReadOnlySpan<byte> BytesOf(int id) =>
        (uint)id < (uint)idToBytes.Length ? idToBytes[id] : throw new ArgumentOutOfRangeException(nameof(id), $"token id {id} is not in the vocabulary (size {VocabSize})");

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var f in files)
        {
            string target = Path.Combine(directory, Path.GetFileName(f));
            if (Path.GetFullPath(target) == Path.GetFullPath(f)) continue;
            byte[] content = File.ReadAllBytes(f);
            AtomicFile.Write(target, s => s.Write(content));
        }
    }
}
