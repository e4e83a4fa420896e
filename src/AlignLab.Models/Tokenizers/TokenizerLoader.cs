using System.Text.Json;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// The one place a tokenizer folder (<c>--tokenizer DIR</c>, or a model folder) becomes an <see cref="ITextTokenizer"/>,
/// chosen by the files present: vocab.json + merges.txt or encoder.json + vocab.bpe (GPT-2: our byte-level BPE),
/// tokenizer.model (SentencePiece: Llama 2, Mistral), tokenizer.json (by its model: GPT-2-style byte-level BPE is ours,
/// Llama 3's split-regex BPE goes to Tiktoken, SentencePiece-style BPE to the SentencePiece tokenizer), with
/// tokenizer_config.json / special_tokens_map.json for BOS/EOS and the chat template.
/// </summary>
public static class TokenizerLoader
{
    public const string Expected = "vocab.json + merges.txt, encoder.json + vocab.bpe, tokenizer.model or tokenizer.json";

    /// <summary>Whether <paramref name="directory"/> holds any of the files <see cref="Load"/> reads.</summary>
    public static bool HasTokenizer(string directory) =>
        BpeFiles.HasTokenizer(directory) || File.Exists(Path.Combine(directory, "tokenizer.model"));

    public static ITextTokenizer Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"tokenizer folder '{directory}' does not exist");
        bool vocabMerges = File.Exists(Path.Combine(directory, "vocab.json")) || File.Exists(Path.Combine(directory, "encoder.json"));
        if (vocabMerges) return ByteLevelBpeTokenizer.FromDirectory(directory);
        var config = TokenizerConfig.Read(directory);
        if (File.Exists(Path.Combine(directory, "tokenizer.model"))) return SentencePieceFiles.FromModelFile(directory, config);
        string json = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(json)) return FromTokenizerJson(json, config, directory);
        throw new FileNotFoundException($"no tokenizer in '{directory}': expected {Expected}");
    }

    private static ITextTokenizer FromTokenizerJson(string path, TokenizerConfig config, string directory)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: missing the 'model' object");
            string type = model.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "BPE";
            if (type != "BPE")
                throw new InvalidDataException($"{path}: model.type is '{type}'; supported are BPE tokenizer.json files (GPT-2, Llama 3, Llama 2 / Mistral style)");
            if (IsSentencePieceStyle(root, model)) return SentencePieceFiles.FromTokenizerJson(path, root, config, directory);
            if (SplitPattern(root) is { } pattern) return TiktokenJsonFiles.FromTokenizerJson(path, root, pattern, config, directory);
            return new ByteLevelBpeTokenizer(BpeFiles.ReadTokenizerJson(path));
        }
    }

    /// <summary>Llama 2 / Mistral conversions: byte fallback, or U+2581 (metaspace) put in by the normalizer or pre-tokenizer.</summary>
    private static bool IsSentencePieceStyle(JsonElement root, JsonElement model)
    {
        if (model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True) return true;
        foreach (var part in new[] { "normalizer", "pre_tokenizer" })
            if (root.TryGetProperty(part, out var p) && p.ValueKind == JsonValueKind.Object)
            {
                string text = p.GetRawText();
                if (text.Contains("Metaspace", StringComparison.Ordinal) || text.Contains("\\u2581", StringComparison.Ordinal) || text.Contains('\u2581')) return true;
            }
        return false;
    }

    /// <summary>The regex of a Split pre-tokenizer followed by byte-level (Llama 3), or null for plain GPT-2 byte-level.</summary>
    private static string? SplitPattern(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object) return null;
        var steps = pre.TryGetProperty("pretokenizers", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [pre];
        foreach (var s in steps)
            if (s.TryGetProperty("type", out var st) && st.GetString() == "Split" && s.TryGetProperty("pattern", out var pat)
                && pat.TryGetProperty("Regex", out var regex) && regex.ValueKind == JsonValueKind.String)
                return regex.GetString();
        return null;
    }
}
