using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>
/// A reversible word-level tokenizer over a closed vocabulary: a word with its leading space is one token (GPT-2
/// style), every digit and every punctuation mark is its own token. So an SSN is a chain of single-digit steps, the
/// hard, PII-like case, and decoding reproduces the text exactly (exact match depends on it). Ids 0–3 are
/// PAD, BOS, EOS and UNK.
/// </summary>
public sealed partial class WordTokenizer
{
    public const int Pad = 0, Bos = 1, Eos = 2, Unk = 3;
    private static readonly string[] Specials = ["<pad>", "<bos>", "<eos>", "<unk>"];
    private readonly Dictionary<string, int> _ids;

    public IReadOnlyList<string> Vocabulary { get; }
    public int VocabSize => Vocabulary.Count;

    public WordTokenizer(IReadOnlyList<string> vocabulary)
    {
        if (vocabulary.Count < Specials.Length || !vocabulary.Take(Specials.Length).SequenceEqual(Specials))
            throw new InvalidDataException("tokenizer vocabulary must start with <pad>, <bos>, <eos>, <unk>");
        Vocabulary = vocabulary.ToArray();
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Vocabulary.Count; i++) _ids[Vocabulary[i]] = i;
    }

    [GeneratedRegex(@" ?[A-Za-z]+| ?[0-9]| ?[^A-Za-z0-9\s]|\s+")]
    private static partial Regex Pieces();

    public static IEnumerable<string> Split(string text) => Pieces().Matches(text).Select(m => m.Value);

    /// <summary>Every piece of the texts, sorted, after the special tokens.</summary>
    public static WordTokenizer Build(IEnumerable<string> texts)
    {
        var pieces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts) pieces.UnionWith(Split(text));
        return new WordTokenizer([.. Specials, .. pieces]);
    }

    public int[] Encode(string text) => Split(text).Select(p => _ids.GetValueOrDefault(p, Unk)).ToArray();

    public string Decode(IEnumerable<int> ids)
    {
        var sb = new System.Text.StringBuilder();
        foreach (int id in ids)
        {
            if (id is Pad or Bos or Eos) continue;
            sb.Append(id == Unk || id < 0 || id >= Vocabulary.Count ? "?" : Vocabulary[id]);
        }
        return sb.ToString();
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(Vocabulary));

    public static WordTokenizer Load(string path) =>
        new(JsonSerializer.Deserialize<string[]>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: not a JSON array of tokens"));
}
