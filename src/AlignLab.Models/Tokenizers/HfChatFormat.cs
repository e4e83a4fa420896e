using AlignLab.Models.Tokenizers.Jinja;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// A Hugging Face <c>chat_template</c> (Jinja) from <c>tokenizer_config.json</c>, rendered by <see cref="JinjaTemplate"/>
/// with the variables transformers passes: <c>messages</c>, <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>.
/// </summary>
public sealed class HfChatFormat : IChatFormat
{
    private readonly JinjaTemplate template;
    private readonly string bos, eos;

    /// <param name="source">Where the template came from, for errors (e.g. "dir/tokenizer_config.json chat_template").</param>
    public HfChatFormat(string templateText, string bosToken, string eosToken, string source)
    {
        try { template = JinjaTemplate.Parse(templateText); }
        catch (JinjaException e) { throw new InvalidDataException($"{source}: {e.Message}", e); }
        bos = bosToken;
        eos = eosToken;
        Source = source;
        RendersBeginOfText = templateText.Contains("bos_token", StringComparison.Ordinal) || (bos.Length > 0 && templateText.Contains(bos, StringComparison.Ordinal));
        // Llama 3 instruct ends a turn with <|eot_id|>, not with its eos_token <|end_of_text|>.
        EndOfTurn = templateText.Contains("<|eot_id|>", StringComparison.Ordinal) ? "<|eot_id|>" : eos;
    }

    public string Source { get; }

    public bool RendersBeginOfText { get; }

    public string EndOfTurn { get; }

    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var list = new List<object?>(messages.Count);
        foreach (var m in messages) list.Add(new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content });
        var variables = new Dictionary<string, object?>
        {
            ["messages"] = list, ["add_generation_prompt"] = addGenerationPrompt, ["bos_token"] = bos, ["eos_token"] = eos,
        };
        try { return template.Render(variables); }
        catch (JinjaRaisedException e) { throw new ArgumentException($"messages: {e.Message} (raised by {Source})", e); }
        catch (JinjaException e) { throw new InvalidDataException($"{Source}: {e.Message}", e); }
    }
}
