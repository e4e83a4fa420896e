using AlignLab.Models.Tokenizers;
using System.Text.Json;
using AlignLab.Models.Generation;
using static AlignLab.Server.RequestFields;

namespace AlignLab.Server;

/// <summary><c>POST /v1/completions</c>: <c>prompt</c> is a string, an array of strings, an array of token ids or an array of those.</summary>
internal sealed class TextCompletionsEndpoint(ServedModel served)
    : CompletionsEndpoint(served, "text_completion", "text_completion", "cmpl-", "prompt")
{
    // OpenAI's default for the completions API.
    protected override int DefaultMaxTokens(int room) => Math.Min(16, room);

    protected override List<int[]> ReadPrompts(JsonElement body)
    {
        var prompt = Required(body, "prompt");
        var prompts = new List<int[]>();
        if (prompt.ValueKind == JsonValueKind.String) prompts.Add(Encode(prompt.GetString()!, "prompt"));
        else if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() > 0)
        {
            if (prompt[0].ValueKind == JsonValueKind.Number) prompts.Add(TokenIds(prompt, "prompt"));
            else
            {
                int i = 0;
                foreach (var p in prompt.EnumerateArray())
                {
                    string name = $"prompt[{i++}]";
                    prompts.Add(p.ValueKind switch
                    {
                        JsonValueKind.String => Encode(p.GetString()!, name),
                        JsonValueKind.Array => TokenIds(p, name),
                        _ => throw WrongType(name, "a string or an array of token ids", p),
                    });
                }
            }
        }
        else throw OpenAiException.BadField("prompt", "'prompt' must be a string, an array of strings or an array of token ids, and not empty");
        return prompts;
    }

    private int[] Encode(string text, string name)
    {
        // A Llama prompt starts with BOS, as the model saw every document in training.
        var ids = Served.Tokenizer.EncodeDocument(text);
        return ids.Length > 0 && (ids.Length > 1 || Served.Tokenizer.BeginOfTextId is null) ? ids : throw OpenAiException.BadField(name, $"'{name}' is empty");
    }

    private int[] TokenIds(JsonElement array, string name)
    {
        if (array.GetArrayLength() == 0) throw OpenAiException.BadField(name, $"'{name}' is empty");
        var ids = new int[array.GetArrayLength()];
        for (int j = 0; j < ids.Length; j++) ids[j] = TokenId(array[j], $"{name}[{j}]", Served.Model.VocabSize);
        return ids;
    }

    /// <summary><c>logprobs</c> is the number of alternatives per token (0 to 20; OpenAI allows 5, vLLM 20).</summary>
    protected override int? ReadLogProbs(JsonElement body) =>
        TryGet(body, "logprobs", out var v) && v.ValueKind == JsonValueKind.False ? null : (int?)OptionalInteger(body, "logprobs", 0, 20);

    protected override object Choice(int index, TextCompletion completion) =>
        new { text = completion.Text, index, logprobs = LogProbs(completion), finish_reason = Reason(completion) };

    /// <summary>The legacy completions shape; <c>text_offset</c> counts characters from the start of the completion.</summary>
    private object? LogProbs(TextCompletion completion)
    {
        if (completion.LogProbs is not { } scored) return null;
        var tokenizer = Served.Tokenizer;
        var tokens = new string[scored.Length];
        var logprobs = new float[scored.Length];
        var top = new Dictionary<string, float>[scored.Length];
        var offsets = new int[scored.Length];
        for (int j = 0; j < scored.Length; j++)
        {
            tokens[j] = TokenText.Of(tokenizer, scored[j].Id);
            logprobs[j] = scored[j].LogProb;
            top[j] = new Dictionary<string, float>(StringComparer.Ordinal);
            foreach (var alt in scored[j].Top) top[j].TryAdd(TokenText.Of(tokenizer, alt.Id), alt.LogProb);
            offsets[j] = tokenizer.Decode(completion.Ids.AsSpan(0, j)).Length;
        }
        return new { tokens, token_logprobs = logprobs, top_logprobs = top, text_offset = offsets };
    }

    protected override object DeltaChoice(int index, string text, string? finishReason) =>
        new { text, index, logprobs = (object?)null, finish_reason = finishReason };
}
