using System.Text.Json;
using AlignLab.Models.Corpora;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Data;

/// <summary>
/// The records of a training source in one <see cref="DataFormat"/>: a JSONL file, a .txt file (one document, text
/// format) or the built-in corpus <c>builtin:world</c> (documents, QA pairs or dialogues about the default
/// <see cref="World"/>, by format).
/// </summary>
public sealed class TrainingData
{
    public const string BuiltinWorld = "builtin:world";

    /// <summary>Where the records come from (file or built-in name), for error messages.</summary>
    public string Source { get; }
    public DataFormat Format { get; }
    public IReadOnlyList<DataRecord> Records { get; }

    public TrainingData(string source, DataFormat format, IReadOnlyList<DataRecord> records)
    {
        if (records.Count == 0) throw new ArgumentException($"{source}: the training data holds no records");
        (Source, Format, Records) = (source, format, records);
    }

    public static TrainingData Load(string source, DataFormat format)
    {
        if (source == BuiltinWorld) return Builtin(new World(new WorldOptions()), format, documents: 2000, seed: 1);
        if (source.StartsWith("builtin:", StringComparison.Ordinal))
            throw new ArgumentException($"--data '{source}': the only built-in corpus is {BuiltinWorld}");
        if (source.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            if (format != DataFormat.Text) throw new ArgumentException($"{source}: a .txt file holds plain text; use --format text or a .jsonl file");
            if (!File.Exists(source)) throw new FileNotFoundException($"{source}: file not found", source);
            return new TrainingData(source, format, [new DataRecord(source, Text: File.ReadAllText(source))]);
        }
        var records = new List<DataRecord>();
        foreach (var (where, r) in JsonlFile.Read(source)) records.Add(Parse(r, format, where));
        if (records.Count == 0) throw new InvalidDataException($"{source}: no records (the file is empty)");
        return new TrainingData(source, format, records);
    }

    /// <summary>The built-in corpus about <paramref name="world"/> in <paramref name="format"/>, drawn from <paramref name="seed"/>.</summary>
    public static TrainingData Builtin(World world, DataFormat format, int documents, ulong seed) => format switch
    {
        DataFormat.Text => new(BuiltinWorld, format, WorldCorpus.Documents(world, documents, seed).Select((d, i) => new DataRecord($"{BuiltinWorld}#{i}", Text: d)).ToList()),
        DataFormat.PromptCompletion => new(BuiltinWorld, format, WorldCorpus.QuestionAnswers(world).Select((p, i) => new DataRecord($"{BuiltinWorld}#{i}", Prompt: p.Prompt, Completion: p.Completion)).ToList()),
        _ => new(BuiltinWorld, format, WorldCorpus.Conversations(world, documents, seed).Select((m, i) => new DataRecord($"{BuiltinWorld}#{i}", Messages: m)).ToList()),
    };

    private static DataRecord Parse(JsonElement r, DataFormat format, string where)
    {
        switch (format)
        {
            case DataFormat.Text: return new DataRecord(where, Text: JsonlFile.String(r, "text", where));
            case DataFormat.PromptCompletion:
                return new DataRecord(where, Prompt: JsonlFile.String(r, "prompt", where), Completion: JsonlFile.String(r, "completion", where));
            default:
                var messages = new List<ChatMessage>();
                int i = 0;
                foreach (var m in JsonlFile.Array(r, "messages", where).EnumerateArray())
                {
                    string at = $"{where}: messages[{i++}]";
                    if (m.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{at} must be an object with role and content");
                    messages.Add(new ChatMessage(JsonlFile.String(m, "role", at), JsonlFile.String(m, "content", at)));
                }
                if (messages.Count == 0) throw new InvalidDataException($"{where}: \"messages\" is empty");
                ExampleEncoder.CheckConversation(messages, where);
                return new DataRecord(where, Messages: messages);
        }
    }

    /// <summary>The text a tokenizer trainer should see.</summary>
    public IEnumerable<string> Texts() => Records.Select(r => r.AllText());

    public List<TrainingExample> Encode(ITextTokenizer tokenizer, int context)
    {
        if (context < 1) throw new ArgumentException($"--ctx must be at least 1, got {context}");
        if (Format == DataFormat.Text) return ExampleEncoder.Pretraining(Records.Select(r => r.Text!), tokenizer, context, Source);
        var examples = new List<TrainingExample>(Records.Count);
        foreach (var r in Records)
            examples.Add(Format == DataFormat.PromptCompletion
                ? ExampleEncoder.PromptCompletion(r.Prompt!, r.Completion!, tokenizer, context, r.Where)
                : ExampleEncoder.Conversation(r.Messages!, tokenizer, context, r.Where));
        return examples;
    }
}
