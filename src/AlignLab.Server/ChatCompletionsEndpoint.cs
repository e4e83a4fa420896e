using System.Text;
using System.Text.Json;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;
using static AlignLab.Server.RequestFields;

namespace AlignLab.Server;

/// <summary>
/// <c>POST /v1/chat/completions</c>: <c>messages</c> are rendered with the tokenizer's chat format (the folder's
/// <c>chat_template</c>, else AlignLab's <see cref="ChatTemplate"/>) plus the generation prompt, and the reply ends at
/// the format's end-of-turn marker (as a special token or, if the tokenizer lacks it, as text).
/// </summary>
internal sealed class ChatCompletionsEndpoint(ServedModel served)
    : CompletionsEndpoint(served, "chat.completion", "chat.completion.chunk", "chatcmpl-", "messages")
{
    // The chat API's default: as long as the context allows.
    protected override int DefaultMaxTokens(int room) => room;
    private IChatFormat Format => Served.Tokenizer.Chat ?? AlignLabChatFormat.Instance;
    protected override IEnumerable<string> ExtraStopStrings => [Format.EndOfTurn];
    protected override IEnumerable<int> ExtraStopIds =>
        Served.Tokenizer.TryTokenToId(Format.EndOfTurn, out int id) && Served.Tokenizer.IsSpecial(id) ? [id] : [];

    protected override List<int[]> ReadPrompts(JsonElement body)
    {
        var messages = Required(body, "messages");
        if (messages.ValueKind != JsonValueKind.Array) throw WrongType("messages", "an array of messages", messages);
        if (messages.GetArrayLength() == 0) throw OpenAiException.BadField("messages", "'messages' must not be empty");
        var turns = new List<ChatMessage>();
        int i = 0;
        foreach (var m in messages.EnumerateArray())
        {
            string at = $"messages[{i++}]";
            if (m.ValueKind != JsonValueKind.Object) throw WrongType(at, "an object", m);
            var role = String(Required(m, "role", at + ".role"), at + ".role");
            if (role == "developer") role = "system"; // OpenAI's newer name for the system turn
            if (role is not ("system" or "user" or "assistant"))
                throw OpenAiException.BadField(at + ".role", $"'{at}.role' is '{role}'; expected system, user or assistant");
            turns.Add(new ChatMessage(role, Content(m, at + ".content")));
        }
        string text;
        try { text = Format.Render(turns, addGenerationPrompt: true); }
        // The template's own message names the turn (e.g. a reserved marker in messages[2].content); drop the
        // " (Parameter 'messages')" that ArgumentException appends.
        catch (ArgumentException e) { throw OpenAiException.BadField("messages", e.Message.Split(" (Parameter")[0]); }
        return [Format.RendersBeginOfText ? [.. Served.Tokenizer.Encode(text)] : Served.Tokenizer.EncodeDocument(text)];
    }

    /// <summary>A string, or an array of <c>{"type": "text", "text": ...}</c> parts joined.</summary>
    private static string Content(JsonElement message, string name)
    {
        if (!TryGet(message, "content", out var content)) return "";
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) throw WrongType(name, "a string or an array of text parts", content);
        var sb = new StringBuilder();
        int j = 0;
        foreach (var part in content.EnumerateArray())
        {
            string at = $"{name}[{j++}]";
            if (part.ValueKind != JsonValueKind.Object || !(TryGet(part, "type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"))
                throw OpenAiException.BadField(at, $"'{at}' must be a text part ({{\"type\": \"text\", \"text\": ...}})");
            sb.Append(String(Required(part, "text", at + ".text"), at + ".text"));
        }
        return sb.ToString();
    }

    /// <summary><c>logprobs: true</c> turns them on; <c>top_logprobs</c> (0 to 20) asks for alternatives.</summary>
    protected override int? ReadLogProbs(JsonElement body)
    {
        bool on = OptionalBool(body, "logprobs", false);
        var top = OptionalInteger(body, "top_logprobs", 0, 20);
        if (top != null && !on) throw OpenAiException.BadField("top_logprobs", "'top_logprobs' needs 'logprobs': true");
        return on ? (int)(top ?? 0) : null;
    }

    protected override object Choice(int index, TextCompletion completion) => new
    {
        index, message = new { role = "assistant", content = completion.Text },
        logprobs = completion.LogProbs is { } scored ? new { content = scored.Select(Entry).ToArray() } : null,
        finish_reason = Reason(completion),
    };

    private object Entry(TokenLogProb t) => new
    {
        token = TokenText.Of(Served.Tokenizer, t.Id), logprob = t.LogProb, bytes = TokenText.Bytes(Served.Tokenizer, t.Id),
        top_logprobs = t.Top.Select(alt => new { token = TokenText.Of(Served.Tokenizer, alt.Id), logprob = alt.LogProb, bytes = TokenText.Bytes(Served.Tokenizer, alt.Id) }).ToArray(),
    };

    protected override object? OpeningChoice(int index) =>
        new { index, delta = new { role = "assistant", content = "" }, logprobs = (object?)null, finish_reason = (string?)null };

    protected override object DeltaChoice(int index, string text, string? finishReason) =>
        new { index, delta = finishReason == null ? new { content = text } : (object)new { }, logprobs = (object?)null, finish_reason = finishReason };
}
