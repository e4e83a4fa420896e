using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Methods.Steering;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Hooks;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab tokenize|score|generate</c>: text in and out for people (the tokenizer comes from the model folder or
/// <c>--tokenizer</c>), token ids in and one JSON object out for scripts (<c>--ids</c>, <c>--json</c>).
/// </summary>
internal static class LanguageModelCommands
{
    public static IEnumerable<Command> Create() => [Tokenize(), Score(), Generate()];

    private static Option<bool> Json() => new("--json") { Description = "Print one JSON object (ids) instead of text" };
    private static Option<string> Model() => new("--model") { Description = "Hugging Face model folder (config.json + safetensors), or a packed quantized folder", Required = true };
    private static Option<string?> TokenizerDir(string fallback) =>
        new("--tokenizer") { Description = $"Tokenizer folder ({TokenizerLoader.Expected}); default: {fallback}" };
    private static Option<string?> Prompt(string what) => new("--prompt") { Description = $"{what} as text (encoded with the tokenizer)" };
    private static Option<string?> Ids(string what) => new("--ids") { Description = $"{what} as comma-separated token ids" };

    private static Command Tokenize()
    {
        var dir = TokenizerDir("none, required");
        dir.Required = true;
        var text = new Option<string?>("--text") { Description = "Text to encode" };
        var decode = new Option<string?>("--decode") { Description = "Comma-separated token ids to decode into text" };
        var json = Json();
        var command = new Command("tokenize", "Encode text into token ids, or decode ids into text (--decode).") { dir, text, decode, json };
        command.SetAction(r =>
        {
            var tokenizer = TokenizerLoader.Load(r.GetValue(dir)!);
            switch (r.GetValue(text), r.GetValue(decode))
            {
                case ({ } t, null):
                    var ids = tokenizer.Encode(t);
                    Console.WriteLine(r.GetValue(json) ? JsonSerializer.Serialize(new { ids }) : string.Join(' ', ids));
                    break;
                case (null, { } d):
                    string decoded = tokenizer.Decode(CheckedIds(ParseIds(d, "--decode"), tokenizer, "--decode"));
                    Console.WriteLine(r.GetValue(json) ? JsonSerializer.Serialize(new { text = decoded }) : decoded);
                    break;
                default:
                    throw new UsageException("give exactly one of --text and --decode");
            }
            return 0;
        });
        return command;
    }

    private static Command Score()
    {
        var model = Model();
        var tokenizer = TokenizerDir("the model folder");
        var prompt = Prompt("Text to score");
        var ids = Ids("Tokens to score");
        var json = Json();
        var command = new Command("score",
            "Log-probability of each token given the ones before it (entry i: log p(token i+1 | tokens ..i)).") { model, tokenizer, prompt, ids, json };
        command.SetAction(r =>
        {
            var lm = ModelFolders.Load(r.GetValue(model)!);
            var (tokens, tok) = Input(r, model, tokenizer, prompt, ids);
            var logprobs = SequenceScorer.TokenLogProbs(lm, tokens);
            if (r.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(new { logprobs }));
            else
            {
                // One line per predicted token: people read which token was unlikely, and the total at the end.
                for (int i = 0; i < logprobs.Length; i++)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{logprobs[i],10:F4}  {(tok is null ? tokens[i + 1].ToString(CultureInfo.InvariantCulture) : JsonSerializer.Serialize(tok.Decode([tokens[i + 1]])))}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {logprobs.Sum(x => (double)x):F4} over {logprobs.Length} tokens"));
            }
            return 0;
        });
        return command;
    }

    /// <summary><c>generate</c>, or with <paramref name="steered"/> <c>steer generate</c>: the same, with steering vectors
    /// (from <c>steer build</c> or the steering experiments) added to the residual stream at every position.</summary>
    internal static Command Generate(bool steered = false)
    {
        var vectors = new Option<string>("--vectors") { Description = "Steering vectors (safetensors; tensors named by residual point, e.g. h.2)", Required = true };
        var alpha = new Option<float>("--alpha") { Description = "Steering strength (1: one typical residual norm)", DefaultValueFactory = _ => 1f };
        var model = Model();
        var tokenizer = TokenizerDir("the model folder");
        var prompt = Prompt("Prompt");
        var ids = Ids("Prompt");
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 32 };
        var temperature = new Option<float>("--temperature") { Description = "0 is greedy", DefaultValueFactory = _ => 0f };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely (0: all)" };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass", DefaultValueFactory = _ => 1f };
        var seed = new Option<int>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 1 };
        var stop = new Option<string?>("--stop-ids") { Description = "Comma-separated ids that end generation" };
        var json = Json();
        var command = new Command("generate",
            (steered ? "Generate from a steered model: " : "") +
            "Continue a prompt with a KV cache; prints the continuation's text (or, with --json, its token ids; with a tokenizer also its text).")
            { model, tokenizer, prompt, ids, maxNew, temperature, topK, topP, seed, stop, json };
        if (steered) { command.Options.Add(vectors); command.Options.Add(alpha); }
        command.SetAction(r =>
        {
            var lm = ModelFolders.Load(r.GetValue(model)!);
            using var steering = steered ? Steer(lm, r.GetValue(vectors)!, r.GetValue(alpha)) : null;
            var (tokens, tok) = Input(r, model, tokenizer, prompt, ids);
            var stopIds = r.GetValue(stop) is { } s ? ParseIds(s, "--stop-ids").ToList() : [];
            // A model with a tokenizer ends its text at <|endoftext|>, as the server does.
            if (tok?.EndOfTextId is { } eot && !stopIds.Contains(eot)) stopIds.Add(eot);
            var options = new GenerationOptions
            {
                MaxNewTokens = r.GetValue(maxNew), Temperature = r.GetValue(temperature), TopK = r.GetValue(topK), TopP = r.GetValue(topP),
                StopIds = stopIds.ToArray(),
            };
            var generated = TextGenerator.Generate(lm, tokens, options, new Generator((ulong)r.GetValue(seed)));
            string? text = tok?.Decode(generated);
            if (r.GetValue(json)) Console.WriteLine(text is null ? JsonSerializer.Serialize(new { ids = generated }) : JsonSerializer.Serialize(new { ids = generated, text }));
            else Console.WriteLine(text ?? string.Join(' ', generated));
            return 0;
        });
        return command;
    }

    /// <summary>Adds the file's steering vectors to <paramref name="lm"/>'s residual stream until disposed.</summary>
    internal static IDisposable Steer(ICausalLM lm, string vectorsFile, float alpha)
    {
        if (lm is not IResidualStreamModel residual) throw new UsageException($"--vectors: a {lm.ModelType} model has no residual-stream hooks");
        return Steerer.Attach(residual, SteeringVectors.Load(vectorsFile), alpha);
    }

    /// <summary>
    /// The input tokens from exactly one of --prompt and --ids, and the tokenizer if one is at hand: --prompt needs one
    /// (from --tokenizer or the model folder); --ids uses one to print text if the model folder has one.
    /// </summary>
    private static (int[] Tokens, ITextTokenizer? Tokenizer) Input(ParseResult r, Option<string> model, Option<string?> tokenizer,
                                                                          Option<string?> prompt, Option<string?> ids)
    {
        string modelDir = r.GetValue(model)!;
        string? tokenizerDir = r.GetValue(tokenizer);
        switch (r.GetValue(prompt), r.GetValue(ids))
        {
            case ({ } text, null):
            {
                var tok = TokenizerLoader.Load(tokenizerDir ?? modelDir);
                // Llama-family prompts start with BOS, as the model saw its documents in training.
                var tokens = tok.EncodeDocument(text);
                if (tokens.Length == (tok.BeginOfTextId is null ? 0 : 1)) throw new UsageException("--prompt: the text encodes to no tokens");
                return (tokens, tok);
            }
            case (null, { } list):
            {
                var tok = tokenizerDir is not null ? TokenizerLoader.Load(tokenizerDir)
                        : TokenizerLoader.HasTokenizer(modelDir) ? TokenizerLoader.Load(modelDir) : null;
                var tokens = ParseIds(list, "--ids");
                return (tok is null ? tokens : CheckedIds(tokens, tok, "--ids"), tok);
            }
            default:
                throw new UsageException("give exactly one of --prompt and --ids");
        }
    }

    private static int[] ParseIds(string text, string flag)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
                throw new UsageException($"{flag}: '{parts[i]}' (entry {i}) is not a token id (a non-negative integer)");
        if (ids.Length == 0) throw new UsageException($"{flag}: no token ids given");
        return ids;
    }

    private static int[] CheckedIds(int[] ids, ITextTokenizer tokenizer, string flag)
    {
        foreach (int id in ids)
            if (id >= tokenizer.VocabSize) throw new UsageException($"{flag}: token id {id} is outside the tokenizer's vocabulary of {tokenizer.VocabSize}");
        return ids;
    }
}
