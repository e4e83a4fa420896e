using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Data;

/// <summary>Turns records into <see cref="TrainingExample"/>s of at most <c>context + 1</c> tokens with the loss mask of their format.</summary>
public static class ExampleEncoder
{
    /// <summary>
    /// Pretraining: documents joined into one token stream (each followed by &lt;|endoftext|&gt; when the tokenizer has
    /// it) and cut into windows of context + 1 tokens that overlap by one, so every stream token is a target once.
    /// </summary>
    public static List<TrainingExample> Pretraining(IEnumerable<string> documents, ITextTokenizer tokenizer, int context, string where = "text")
    {
        var stream = new List<int>();
        int? eos = tokenizer.EndOfTextId;
        foreach (var doc in documents)
        {
            tokenizer.Encode(doc, stream);
            if (eos is int id) stream.Add(id);
        }
        if (stream.Count < context + 1)
            throw new InvalidDataException($"{where}: the text has {stream.Count} tokens, fewer than one window of --ctx {context} + 1");
        var examples = new List<TrainingExample>();
        for (int start = 0; start + context + 1 <= stream.Count; start += context)
        {
            var trained = new bool[context + 1];
            Array.Fill(trained, true);
            examples.Add(new TrainingExample(stream.GetRange(start, context + 1).ToArray(), trained));
        }
        return examples;
    }

    /// <summary>Prompt tokens, then completion tokens and &lt;|endoftext|&gt; (if the tokenizer has it); only the latter are trained.</summary>
    public static TrainingExample PromptCompletion(string prompt, string completion, ITextTokenizer tokenizer, int context, string where)
    {
        var ids = tokenizer.Encode(prompt);
        int promptLength = ids.Count;
        tokenizer.Encode(completion, ids);
        if (tokenizer.EndOfTextId is int eos) ids.Add(eos);
        var trained = new bool[ids.Count];
        trained.AsSpan(promptLength).Fill(true);
        return Truncated(ids, trained, context, where, "completion");
    }

    /// <summary>
    /// A conversation in <see cref="ChatTemplate"/> form, encoded turn by turn (turns begin with special tokens, so this
    /// equals encoding the whole rendering). Trained: what the model writes in an assistant turn after the generation
    /// prompt "&lt;|assistant|&gt;\n", up to and including &lt;|end|&gt;.
    /// </summary>
    public static TrainingExample Conversation(IReadOnlyList<ChatMessage> messages, ITextTokenizer tokenizer, int context, string where)
    {
        CheckConversation(messages, where);
        var generationPrompt = tokenizer.Encode(ChatTemplate.AssistantToken + "\n");
        int end = tokenizer.TokenToId(ChatTemplate.EndToken);
        var ids = new List<int>();
        var trained = new List<bool>();
        foreach (var m in messages)
        {
            var turn = tokenizer.Encode(ChatTemplate.Render([m]));
            int from = turn.Count, to = turn.Count;
            if (m.Role == "assistant")
            {
                // Content that starts with whitespace may merge with the prompt's "\n"; then train from just after <|assistant|>.
                from = StartsWith(turn, generationPrompt) ? generationPrompt.Count : 1;
                to = turn.LastIndexOf(end) + 1;
            }
            for (int i = 0; i < turn.Count; i++) trained.Add(i >= from && i < to);
            ids.AddRange(turn);
        }
        return Truncated(ids, [.. trained], context, where, "assistant");
    }

    /// <summary>Roles and reserved markers as <see cref="ChatTemplate"/> requires, reported as one line at <paramref name="where"/>.</summary>
    internal static void CheckConversation(IReadOnlyList<ChatMessage> messages, string where)
    {
        try { ChatTemplate.Render(messages); }
        catch (ArgumentException e) { throw new InvalidDataException($"{where}: {e.Message.Split(" (Parameter")[0]}"); }
    }

    private static bool StartsWith(List<int> ids, List<int> prefix)
    {
        if (ids.Count < prefix.Count) return false;
        for (int i = 0; i < prefix.Count; i++) if (ids[i] != prefix[i]) return false;
        return true;
    }

    private static TrainingExample Truncated(List<int> ids, bool[] trained, int context, string where, string what)
    {
        int n = Math.Min(ids.Count, context + 1);
        if (n < 2 || Array.IndexOf(trained, true, 1, n - 1) < 0)
            throw new InvalidDataException($"{where}: no {what} token is left within the first {n} tokens (--ctx {context})");
        return new TrainingExample(ids.GetRange(0, n).ToArray(), trained[..n]);
    }
}
