using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AlignLab.Core.IO;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// Reads and writes the byte-level BPE file formats: Hugging Face <c>vocab.json</c> + <c>merges.txt</c>
/// (+ optional <c>added_tokens.json</c>), OpenAI <c>encoder.json</c> + <c>vocab.bpe</c> (same content,
/// other names), and a BPE <c>tokenizer.json</c>. Malformed input throws <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class BpeFiles
{
    /// <summary>Whether <paramref name="directory"/> holds any of the tokenizer layouts <see cref="ReadDirectory"/> reads.</summary>
    public static bool HasTokenizer(string directory) =>
        File.Exists(Path.Combine(directory, "tokenizer.json")) || File.Exists(Path.Combine(directory, "vocab.json"))
        || File.Exists(Path.Combine(directory, "encoder.json"));

    public static BpeVocabulary ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"tokenizer directory '{directory}' does not exist");
        foreach (var (vocabName, mergesName) in new[] { ("vocab.json", "merges.txt"), ("encoder.json", "vocab.bpe") })
        {
            string vocab = Path.Combine(directory, vocabName), merges = Path.Combine(directory, mergesName);
            bool hasVocab = File.Exists(vocab), hasMerges = File.Exists(merges);
            if (hasVocab && hasMerges) return ReadVocabAndMerges(vocab, merges, Path.Combine(directory, "added_tokens.json"));
            if (hasVocab != hasMerges)
                throw new FileNotFoundException($"{(hasVocab ? vocab : merges)} needs {(hasVocab ? mergesName : vocabName)} next to it, which is missing");
        }
        string json = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(json)) return ReadTokenizerJson(json);
        throw new FileNotFoundException($"no tokenizer in '{directory}': expected vocab.json + merges.txt, encoder.json + vocab.bpe, or tokenizer.json");
    }

    /// <summary>Vocabulary + merges files; special tokens are <c>&lt;|endoftext|&gt;</c> when present plus the entries of <paramref name="addedTokensPath"/>.</summary>
    public static BpeVocabulary ReadVocabAndMerges(string vocabPath, string mergesPath, string? addedTokensPath = null)
    {
        var vocab = ReadTokenIdObject(vocabPath, null);
        var specials = new List<string>();
        if (addedTokensPath != null && File.Exists(addedTokensPath))
        {
            foreach (var (token, id) in ReadTokenIdObject(addedTokensPath, null))
            {
                if (vocab.TryGetValue(token, out int existing) && existing != id)
                    throw new InvalidDataException($"{addedTokensPath}: '{token}' has id {id} but {existing} in {vocabPath}");
                vocab[token] = id;
                specials.Add(token);
            }
        }
        if (vocab.ContainsKey(BpeVocabulary.EndOfText) && !specials.Contains(BpeVocabulary.EndOfText)) specials.Add(BpeVocabulary.EndOfText);
        return new BpeVocabulary(vocab, ReadMerges(mergesPath), specials, vocabPath, mergesPath, "line");
    }

    /// <summary>merges.txt / vocab.bpe: an optional "#version" first line, then one "left right" pair per line in rank order.</summary>
    public static List<BpeMerge> ReadMerges(string path)
    {
        var merges = new List<BpeMerge>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)) continue;
            if (line.Length == 0) continue;
            merges.Add(ParseMerge(line, path, "line", lineNumber));
        }
        return merges;
    }

    private static BpeMerge ParseMerge(string text, string source, string label, int position)
    {
        int space = text.IndexOf(' ');
        if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
            throw new InvalidDataException($"{source} {label} {position}: expected two symbols separated by one space, got '{text}'");
        return new BpeMerge(text[..space], text[(space + 1)..], position);
    }

    /// <summary>A Hugging Face <c>tokenizer.json</c> whose model is BPE: model.vocab, model.merges ("a b" or [a, b]) and added_tokens.</summary>
    public static BpeVocabulary ReadTokenizerJson(string path)
    {
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: missing the 'model' object");
        if (model.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != "BPE")
            throw new InvalidDataException($"{path}: model.type is '{type.GetString()}', only BPE is supported");
        if (!model.TryGetProperty("vocab", out var vocabElement))
            throw new InvalidDataException($"{path}: missing model.vocab");
        var vocab = ReadTokenIdObject(vocabElement, path, "model.vocab");

        if (!model.TryGetProperty("merges", out var mergesElement) || mergesElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: model.merges is missing or not an array");
        var merges = new List<BpeMerge>(mergesElement.GetArrayLength());
        int index = 0;
        foreach (var m in mergesElement.EnumerateArray())
        {
            if (m.ValueKind == JsonValueKind.String) merges.Add(ParseMerge(m.GetString()!, path, "model.merges entry", index));
            else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2 && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
                merges.Add(new BpeMerge(m[0].GetString()!, m[1].GetString()!, index));
            else throw new InvalidDataException($"{path}: model.merges[{index}] is neither \"a b\" nor [\"a\", \"b\"]");
            index++;
        }

        var specials = new List<string>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var t in added.EnumerateArray())
            {
                if (!t.TryGetProperty("id", out var idElement) || !idElement.TryGetInt32(out int id) ||
                    !t.TryGetProperty("content", out var contentElement) || contentElement.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}: added_tokens[{i}] needs an integer 'id' and a string 'content'");
                string content = contentElement.GetString()!;
                if (vocab.TryGetValue(content, out int existing) && existing != id)
                    throw new InvalidDataException($"{path}: added_tokens[{i}] '{content}' has id {id} but {existing} in model.vocab");
                vocab[content] = id;
                // Hugging Face matches every added token whole in raw text, special or not.
                specials.Add(content);
                i++;
            }
        }
        if (vocab.ContainsKey(BpeVocabulary.EndOfText) && !specials.Contains(BpeVocabulary.EndOfText)) specials.Add(BpeVocabulary.EndOfText);
        return new BpeVocabulary(vocab, merges, specials, path + " model.vocab", path, "model.merges entry");
    }

    private static JsonDocument ParseJson(string path)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
    }

    private static Dictionary<string, int> ReadTokenIdObject(string path, string? field)
    {
        using var doc = ParseJson(path);
        return ReadTokenIdObject(doc.RootElement, path, field);
    }

    private static Dictionary<string, int> ReadTokenIdObject(JsonElement element, string path, string? field)
    {
        string where = field == null ? path : $"{path} {field}";
        if (element.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: expected a JSON object of token -> id");
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int id))
                throw new InvalidDataException($"{where}: token '{p.Name}' has a non-integer id {p.Value.GetRawText()}");
            if (!map.TryAdd(p.Name, id)) throw new InvalidDataException($"{where}: token '{p.Name}' appears twice");
        }
        return map;
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes vocab.json (ordered by id), merges.txt and, when there are special tokens, added_tokens.json — each atomically.</summary>
    public static void SaveHuggingFace(BpeVocabulary vocabulary, string directory)
    {
        Directory.CreateDirectory(directory);
        var ordered = new List<KeyValuePair<string, int>>(vocabulary.Vocab);
        ordered.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        AtomicFile.Write(Path.Combine(directory, "vocab.json"), s => WriteTokenIdObject(s, ordered));
        AtomicFile.Write(Path.Combine(directory, "merges.txt"), s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            w.WriteLine("#version: 0.2");
            foreach (var m in vocabulary.Merges) w.WriteLine($"{m.Left} {m.Right}");
        });
        if (vocabulary.SpecialTokens.Count > 0)
        {
            var specials = new List<KeyValuePair<string, int>>();
            foreach (var t in vocabulary.SpecialTokens) specials.Add(new(t, vocabulary.Vocab[t]));
            AtomicFile.Write(Path.Combine(directory, "added_tokens.json"), s => WriteTokenIdObject(s, specials));
        }
    }

    private static void WriteTokenIdObject(Stream stream, List<KeyValuePair<string, int>> entries)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        foreach (var (token, id) in entries) w.WriteNumber(token, id);
        w.WriteEndObject();
    }
}
