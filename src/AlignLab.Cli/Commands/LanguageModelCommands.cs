using System.CommandLine;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab tokenize|score|generate</c>: the scripting shapes of issue 3, one JSON object on stdout.
/// </summary>
internal static class LanguageModelCommands
{
    public static IEnumerable<Command> Create() => [Tokenize(), Score(), Generate()];

    private static Option<bool> Json() => new("--json") { Description = "Print one JSON object" };
    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static Command Tokenize()
    {
        var dir = Required("--tokenizer", "Tokenizer folder (vocab.json + merges.txt, encoder.json + vocab.bpe, or tokenizer.json)");
        var text = Required("--text", "Text to encode");
        var json = Json();
        var command = new Command("tokenize", "Encode text with a byte-level BPE tokenizer.") { dir, text, json };
        command.SetAction(r =>
        {
            var ids = ByteLevelBpeTokenizer.FromDirectory(r.GetValue(dir)!).Encode(r.GetValue(text)!);
            Console.WriteLine(r.GetValue(json) ? JsonSerializer.Serialize(new { ids }) : string.Join(' ', ids));
            return 0;
        });
        return command;
    }

    private static Command Score()
    {
        var model = Required("--model", "Hugging Face model folder (config.json + safetensors)");
        var ids = Required("--ids", "Comma-separated token ids");
        var json = Json();
        var command = new Command("score", "Log-probability of each token given the ones before it (entry i: log p(ids[i+1] | ids[..i])).") { model, ids, json };
        command.SetAction(r =>
        {
            var logprobs = SequenceScorer.TokenLogProbs(HfCheckpoint.Load(r.GetValue(model)!), ParseIds(r.GetValue(ids)!));
            Console.WriteLine(r.GetValue(json) ? JsonSerializer.Serialize(new { logprobs }) : string.Join(' ', logprobs));
            return 0;
        });
        return command;
    }

    private static Command Generate()
    {
        var model = Required("--model", "Hugging Face model folder (config.json + safetensors)");
        var ids = Required("--ids", "Comma-separated prompt token ids");
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 32 };
        var temperature = new Option<float>("--temperature") { Description = "0 is greedy", DefaultValueFactory = _ => 0f };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely (0: all)" };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass", DefaultValueFactory = _ => 1f };
        var seed = new Option<int>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 1 };
        var stop = new Option<string?>("--stop-ids") { Description = "Comma-separated ids that end generation" };
        var json = Json();
        var command = new Command("generate", "Continue a prompt with a KV cache (prints the new tokens only).")
            { model, ids, maxNew, temperature, topK, topP, seed, stop, json };
        command.SetAction(r =>
        {
            var options = new GenerationOptions
            {
                MaxNewTokens = r.GetValue(maxNew), Temperature = r.GetValue(temperature), TopK = r.GetValue(topK), TopP = r.GetValue(topP),
                StopIds = r.GetValue(stop) is { } s ? ParseIds(s) : [],
            };
            var generated = TextGenerator.Generate(HfCheckpoint.Load(r.GetValue(model)!), ParseIds(r.GetValue(ids)!), options,
                new Generator((ulong)r.GetValue(seed)));
            Console.WriteLine(r.GetValue(json) ? JsonSerializer.Serialize(new { ids = generated }) : string.Join(' ', generated));
            return 0;
        });
        return command;
    }

    private static int[] ParseIds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out ids[i])) throw new ArgumentException($"--ids: '{parts[i]}' (entry {i}) is not an integer token id");
        if (ids.Length == 0) throw new ArgumentException("--ids: no token ids given");
        return ids;
    }
}
