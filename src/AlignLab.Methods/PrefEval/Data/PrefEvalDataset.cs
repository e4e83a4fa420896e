using System.Text.Json;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Data;

/// <summary>
/// Reads PrefEval's released <c>benchmark_dataset/</c> folder (CC BY-NC 4.0, Zhao et al., ICLR 2025; AlignLab ships
/// none of it): <c>explicit_preference/&lt;topic&gt;.json</c>, <c>implicit_preference/choice-based/</c> and
/// <c>persona-driven/</c>, <c>mcq_options/&lt;topic&gt;.json</c> (index-aligned with the others) and
/// <c>filtered_inter_turns.json</c>. The root may be the repository (holding <c>benchmark_dataset/</c>) or that
/// folder itself. Every problem names the file and the item.
/// </summary>
public sealed class PrefEvalDataset
{
    public const string FillerFile = "filtered_inter_turns.json";

    private PrefEvalDataset(string benchmarkDir) => BenchmarkDir = benchmarkDir;

    /// <summary>The <c>benchmark_dataset</c> folder.</summary>
    public string BenchmarkDir { get; }

    /// <summary>The folder above <see cref="BenchmarkDir"/> (the repository), where <c>error_type/</c> lives.</summary>
    public string Root => Path.GetDirectoryName(Path.GetFullPath(BenchmarkDir).TrimEnd(Path.DirectorySeparatorChar))!;

    public static PrefEvalDataset Open(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"PrefEval data folder '{directory}' does not exist");
        var nested = Path.Combine(directory, "benchmark_dataset");
        if (Directory.Exists(nested)) return new PrefEvalDataset(nested);
        if (Directory.Exists(Path.Combine(directory, "explicit_preference"))) return new PrefEvalDataset(directory);
        throw new DirectoryNotFoundException($"'{directory}' holds neither benchmark_dataset/ nor explicit_preference/: not a PrefEval data folder");
    }

    /// <summary>The topics present, from the file names in <c>explicit_preference/</c>.</summary>
    public IReadOnlyList<string> Topics() =>
        Directory.GetFiles(Path.Combine(BenchmarkDir, "explicit_preference"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()!;

    public string FileOf(PreferenceForm form, string topic) => form switch
    {
        PreferenceForm.Explicit => Path.Combine(BenchmarkDir, "explicit_preference", topic + ".json"),
        PreferenceForm.ImplicitChoice => Path.Combine(BenchmarkDir, "implicit_preference", "choice-based", topic + ".json"),
        _ => Path.Combine(BenchmarkDir, "implicit_preference", "persona-driven", topic + ".json"),
    };

    /// <summary>The items of one topic and form; with <paramref name="withMcq"/> each also gets its option set.</summary>
    public IReadOnlyList<PrefEvalItem> Load(string topic, PreferenceForm form, bool withMcq)
    {
        if (string.IsNullOrWhiteSpace(topic) || topic.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || topic.Contains(".."))
            throw new ArgumentException($"topic '{topic}' is not a file name", "Topic");
        string file = FileOf(form, topic);
        if (!File.Exists(file))
            throw new FileNotFoundException($"{file}: no such file (topics here: {string.Join(", ", Topics())})", file);
        var items = new List<PrefEvalItem>();
        using (var doc = ReadJson(file))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{file}: expected a JSON array of items");
            int i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                string at = $"{file}: item {i}";
                if (e.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{at}: expected an object");
                var conversation = form switch
                {
                    PreferenceForm.Explicit => (IReadOnlyList<ChatMessage>)[],
                    PreferenceForm.ImplicitChoice => ChoiceConversation(Field(e, "conversation", at), at),
                    _ => PersonaConversation(Field(e, "conversation", at), at),
                };
                items.Add(new PrefEvalItem(topic, i, form, String(e, "preference", at), String(e, "question", at), conversation));
                i++;
            }
        }
        if (items.Count == 0) throw new InvalidDataException($"{file}: the file holds no items");
        if (!withMcq) return items;
        var options = LoadMcqOptions(topic);
        if (options.Count < items.Count)
            throw new InvalidDataException($"{Path.Combine(BenchmarkDir, "mcq_options", topic + ".json")}: {options.Count} option sets for {items.Count} items of {file} (they are matched by position)");
        return items.Select((item, k) => item with { McqOptions = options[k] }).ToList();
    }

    public IReadOnlyList<IReadOnlyList<string>> LoadMcqOptions(string topic)
    {
        string file = Path.Combine(BenchmarkDir, "mcq_options", topic + ".json");
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file (the classification task needs the option sets)", file);
        using var doc = ReadJson(file);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{file}: expected a JSON array of items");
        var result = new List<IReadOnlyList<string>>();
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            string at = $"{file}: item {i++}";
            var array = Field(e, "classification_task_options", at);
            if (array.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{at}: \"classification_task_options\" must be an array of strings");
            var options = array.EnumerateArray().Select((o, k) => o.ValueKind == JsonValueKind.String ? o.GetString()!
                : throw new InvalidDataException($"{at}: classification_task_options[{k}] must be a string")).ToList();
            if (options.Count != 4) throw new InvalidDataException($"{at}: \"classification_task_options\" holds {options.Count} options, expected 4");
            result.Add(options);
        }
        return result;
    }

    /// <summary><c>filtered_inter_turns.json</c>: a list of conversations whose messages are concatenated in order.</summary>
    public FillerTurns LoadFiller()
    {
        string file = Path.Combine(BenchmarkDir, FillerFile);
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file (the inter-turn filler)", file);
        using var doc = ReadJson(file);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{file}: expected a JSON array of conversations");
        var messages = new List<ChatMessage>();
        int i = 0;
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            string at = $"{file}: conversation {i++}";
            var turns = Field(c, "conversation", at);
            if (turns.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{at}: \"conversation\" must be an array of messages");
            int k = 0;
            foreach (var m in turns.EnumerateArray())
            {
                string mat = $"{at}, message {k++}";
                messages.Add(new ChatMessage(String(m, "role", mat), String(m, "content", mat)));
            }
        }
        return new FillerTurns(messages, file);
    }

    /// <summary>query (user), assistant_options, user_selection (user), assistant_acknowledgment: user turns are the query and the selection.</summary>
    private static IReadOnlyList<ChatMessage> ChoiceConversation(JsonElement conversation, string at)
    {
        if (conversation.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{at}: \"conversation\" must be an object");
        var turns = new List<ChatMessage>();
        foreach (var p in conversation.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new InvalidDataException($"{at}: conversation.{p.Name} must be a string");
            turns.Add(new ChatMessage(p.Name is "query" or "user_selection" ? "user" : "assistant", p.Value.GetString()!));
        }
        if (turns.Count == 0) throw new InvalidDataException($"{at}: \"conversation\" is empty");
        return turns;
    }

    /// <summary>Turns "0".."N", each {user, assistant}, in the file's order.</summary>
    private static IReadOnlyList<ChatMessage> PersonaConversation(JsonElement conversation, string at)
    {
        if (conversation.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{at}: \"conversation\" must be an object of numbered turns");
        var turns = new List<ChatMessage>();
        foreach (var p in conversation.EnumerateObject())
        {
            string tat = $"{at}: conversation[\"{p.Name}\"]";
            if (p.Value.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{tat} must be an object with user and assistant");
            turns.Add(new ChatMessage("user", String(p.Value, "user", tat)));
            turns.Add(new ChatMessage("assistant", String(p.Value, "assistant", tat)));
        }
        if (turns.Count == 0) throw new InvalidDataException($"{at}: \"conversation\" is empty");
        return turns;
    }

    private static JsonDocument ReadJson(string file)
    {
        try { return JsonDocument.Parse(File.ReadAllBytes(file)); }
        catch (JsonException e) { throw new InvalidDataException($"{file}: not valid JSON ({e.Message})"); }
    }

    private static JsonElement Field(JsonElement e, string name, string at) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"{at}: field \"{name}\" is missing");

    private static string String(JsonElement e, string name, string at)
    {
        var v = Field(e, name, at);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"{at}: field \"{name}\" must be a string, got {v.ValueKind}");
    }
}
