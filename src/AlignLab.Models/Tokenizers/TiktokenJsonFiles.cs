using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// Llama 3's BPE <c>tokenizer.json</c> (a Split regex then byte-level) through Microsoft.ML.Tokenizers'
/// <see cref="TiktokenTokenizer"/>: each vocabulary entry's bytes get its id as their tiktoken rank. That is the same BPE
/// only when merge order and id order agree (true of vocabularies made by tiktoken, as Llama 3's is); other files are
/// rejected rather than encoded differently from Hugging Face.
/// </summary>
internal static class TiktokenJsonFiles
{
    public static LibraryTokenizer FromTokenizerJson(string path, JsonElement root, string splitPattern, TokenizerConfig config, string directory)
    {
        var model = root.GetProperty("model");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var ranks = new StringBuilder();
        foreach (var p in model.GetProperty("vocab").EnumerateObject())
        {
            if (!p.Value.TryGetInt32(out int id) || id < 0 || !vocab.TryAdd(p.Name, id))
                throw new InvalidDataException($"{path}: model.vocab entry '{p.Name}' has a bad or repeated id");
            ranks.Append(Convert.ToBase64String(TokenBytes(p.Name, id, path))).Append(' ').Append(id).Append('\n');
        }
        CheckMergeOrder(path, model, vocab);
        var specials = SentencePieceFiles.AddedTokens(root, path);
        foreach (var (t, id) in config.AddedTokens) specials.TryAdd(t, id);
        byte[] rankBytes = Encoding.UTF8.GetBytes(ranks.ToString());
        var regex = new Regex(splitPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

        TiktokenTokenizer Make(bool withSpecials)
        {
            var sp = withSpecials ? specials : null;
            return TiktokenTokenizer.Create(new MemoryStream(rankBytes), new RegexPreTokenizer(regex, sp), null, sp);
        }
        var matching = Make(true);
        var plain = new Lazy<TiktokenTokenizer>(() => Make(false));
        IReadOnlyList<int> Encode(ReadOnlySpan<char> text, bool withSpecials) => (withSpecials ? matching : plain.Value).EncodeToIds(text);
        int? Id(string? token) => token != null && (specials.TryGetValue(token, out int i) || vocab.TryGetValue(token, out i)) ? i : null;
        int? bos = config.AddBosToken == false ? null : Id(config.BosToken) ?? (config.AddBosToken == true ? null : PostProcessorBos(root, specials));
        int? eos = Id(config.EosToken);
        var chat = config.ChatTemplate is { } template ? new HfChatFormat(template, config.BosToken ?? "", config.EosToken ?? "", config.ChatTemplateSource) : null;
        var files = new List<string> { path };
        foreach (var name in new[] { "tokenizer_config.json", "special_tokens_map.json" })
            if (File.Exists(Path.Combine(directory, name))) files.Add(Path.Combine(directory, name));
        return new LibraryTokenizer($"byte-level BPE (Microsoft.ML.Tokenizers TiktokenTokenizer) from {path}", vocab,
            (token, id) => TokenBytes(token, id, path), specials, Make,
            Encode, bos, eos, chat, files);
    }

    private static byte[] TokenBytes(string token, int id, string path)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
            if (!ByteUnicodeMap.TryToByte(token[i], out bytes[i]))
                throw new InvalidDataException($"{path}: token '{token}' (id {id}) has character U+{(int)token[i]:X4}, outside the byte-level alphabet");
        return bytes;
    }

    private static void CheckMergeOrder(string path, JsonElement model, Dictionary<string, int> vocab)
    {
        if (!model.TryGetProperty("merges", out var merges) || merges.ValueKind != JsonValueKind.Array) return;
        int previous = -1, rank = 0;
        foreach (var m in merges.EnumerateArray())
        {
            string merged = m.ValueKind == JsonValueKind.String ? m.GetString()!.Replace(" ", "", StringComparison.Ordinal)
                          : m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2 ? m[0].GetString() + m[1].GetString() : "";
            if (!vocab.TryGetValue(merged, out int id))
                throw new InvalidDataException($"{path}: model.merges[{rank}] makes '{merged}', which is not in model.vocab");
            if (id <= previous)
                throw new InvalidDataException($"{path}: model.merges[{rank}] makes id {id} after id {previous}; merges not in id order cannot be used as tiktoken ranks (unsupported tokenizer.json)");
            previous = id;
            rank++;
        }
    }

    /// <summary>The special token the post-processor puts first (Llama 3: &lt;|begin_of_text|&gt;), when the config says nothing.</summary>
    private static int? PostProcessorBos(JsonElement root, Dictionary<string, int> specials)
    {
        if (!root.TryGetProperty("post_processor", out var pp) || pp.ValueKind != JsonValueKind.Object) return null;
        var processors = pp.TryGetProperty("processors", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [pp];
        foreach (var p in processors)
            if (p.TryGetProperty("single", out var single) && single.ValueKind == JsonValueKind.Array && single.GetArrayLength() > 0
                && single[0].TryGetProperty("SpecialToken", out var st) && st.TryGetProperty("id", out var name)
                && specials.TryGetValue(name.GetString() ?? "", out int id))
                return id;
        return null;
    }
}
