using System.Text.Json;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// The parts of <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> that change how text is encoded:
/// BOS/EOS tokens, whether BOS starts every prompt, the added special tokens and the chat template. Missing files or
/// fields are null; a file that is not valid JSON throws naming it.
/// </summary>
public sealed record TokenizerConfig(string? BosToken, string? EosToken, bool? AddBosToken, string? ChatTemplate,
                                     IReadOnlyDictionary<string, int> AddedTokens, string ChatTemplateSource)
{
    public static TokenizerConfig Read(string directory)
    {
        string configPath = Path.Combine(directory, "tokenizer_config.json"), mapPath = Path.Combine(directory, "special_tokens_map.json");
        string? bos = null, eos = null, chat = null;
        bool? addBos = null;
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (File.Exists(mapPath))
        {
            using var map = Parse(mapPath);
            bos = TokenText(map.RootElement, "bos_token");
            eos = TokenText(map.RootElement, "eos_token");
        }
        if (File.Exists(configPath))
        {
            using var config = Parse(configPath);
            var root = config.RootElement;
            bos = TokenText(root, "bos_token") ?? bos;
            eos = TokenText(root, "eos_token") ?? eos;
            if (root.TryGetProperty("add_bos_token", out var ab) && ab.ValueKind is JsonValueKind.True or JsonValueKind.False) addBos = ab.GetBoolean();
            if (root.TryGetProperty("chat_template", out var ct)) chat = ChatTemplateText(ct, configPath);
            if (root.TryGetProperty("added_tokens_decoder", out var dec) && dec.ValueKind == JsonValueKind.Object)
                foreach (var p in dec.EnumerateObject())
                    if (int.TryParse(p.Name, out int id) && p.Value.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
                        && (!p.Value.TryGetProperty("special", out var sp) || sp.ValueKind != JsonValueKind.False))
                        added[c.GetString()!] = id;
        }
        return new TokenizerConfig(bos, eos, addBos, chat, added, configPath + " chat_template");
    }

    private static JsonDocument Parse(string path)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
    }

    /// <summary>A token given as "text" or as {"content": "text", ...} (transformers' AddedToken form).</summary>
    private static string? TokenText(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    /// <summary>A template string, or a list of named ones of which "default" is used (as transformers does).</summary>
    private static string? ChatTemplateText(JsonElement v, string path)
    {
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in v.EnumerateArray())
                if (t.TryGetProperty("name", out var n) && n.GetString() == "default" && t.TryGetProperty("template", out var body)) return body.GetString();
            throw new InvalidDataException($"{path}: chat_template is a list without a template named 'default'");
        }
        return null;
    }
}
