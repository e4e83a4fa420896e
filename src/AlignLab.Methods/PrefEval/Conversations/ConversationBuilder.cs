using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Conversations;

/// <summary>
/// Builds the test conversation as the released harness does: the preference turns (explicit: the preference, then
/// the model's own reply to it, asked for in a separate call; implicit: the released exchange or persona turns),
/// then the first N filler pairs, then the question changed by the method. An optional system turn comes first.
/// </summary>
public sealed class ConversationBuilder(MethodPrompts prompts, string? systemPrompt = null)
{
    public MethodPrompts Prompts { get; } = prompts;
    public string? SystemPrompt { get; } = systemPrompt;

    /// <summary>The turns that carry the preference. For the explicit form this asks <paramref name="model"/> for its reply to the preference, with the task's budget (for the classification task that is the MCQ budget, as released).</summary>
    public async Task<IReadOnlyList<ChatMessage>> PreferenceTurnsAsync(IChatModel model, PrefEvalItem item, PrefEvalTask task, CancellationToken cancel)
    {
        if (item.Form != PreferenceForm.Explicit) return item.PreferenceConversation;
        var reply = await model.CompleteAsync(new ChatRequest(WithSystem([new ChatMessage("user", item.Preference)]), task == PrefEvalTask.Generation ? Prompts.MaxTokens : Prompts.McqMaxTokens), cancel);
        return [new ChatMessage("user", item.Preference), new ChatMessage("assistant", reply.Text)];
    }

    /// <summary>The final user turn of the generation task for a one-call method (not self-critic).</summary>
    public string GenerationQuestion(EvalMethod method, PrefEvalItem item, IReadOnlyList<ChatMessage> preferenceTurns, IReadOnlyList<ChatMessage> filler) => method switch
    {
        EvalMethod.ZeroShot or EvalMethod.SelfCritic => item.Question + Prompts.Suffix(),
        EvalMethod.Reminder => item.Question + Prompts.Reminder + Prompts.Suffix(),
        EvalMethod.Cot => Prompts.CotPrefix + item.Question + Prompts.Suffix(),
        _ => Prompts.RagBlock(Retrieve(item, preferenceTurns, filler)) + item.Question + Prompts.Suffix(),
    };

    /// <summary>The final user turn of the classification task (options already in their shuffled order).</summary>
    public string ClassificationQuestion(EvalMethod method, PrefEvalItem item, IReadOnlyList<ChatMessage> preferenceTurns, IReadOnlyList<ChatMessage> filler, IReadOnlyList<string> options) => method switch
    {
        EvalMethod.ZeroShot or EvalMethod.SelfCritic => item.Question + Prompts.Mcq(options),
        EvalMethod.Reminder => item.Question + Prompts.Reminder + Prompts.Mcq(options),
        EvalMethod.Cot => Prompts.CotPrefix + item.Question + Prompts.Mcq(options),
        _ => Prompts.RagBlock(Retrieve(item, preferenceTurns, filler)) + item.Question + Prompts.Mcq(options),
    };

    /// <summary>System turn (if any), preference turns, filler, then the given tail.</summary>
    public List<ChatMessage> Conversation(IReadOnlyList<ChatMessage> preferenceTurns, IReadOnlyList<ChatMessage> filler, params ChatMessage[] tail) =>
        WithSystem([.. preferenceTurns, .. filler, .. tail]);

    /// <summary>
    /// The RAG context: every history message (preference turns and filler) scored against the question, the top k in
    /// score order, as "User: ..."/"Assistant: ..." for the explicit preference exchange and "role: content" otherwise.
    /// </summary>
    public IReadOnlyList<string> Retrieve(PrefEvalItem item, IReadOnlyList<ChatMessage> preferenceTurns, IReadOnlyList<ChatMessage> filler)
    {
        var texts = new List<string>();
        foreach (var m in preferenceTurns)
            texts.Add(item.Form == PreferenceForm.Explicit ? $"{(m.Role == "user" ? "User" : "Assistant")}: {m.Content}" : $"{m.Role}: {m.Content}");
        foreach (var m in filler) texts.Add($"{m.Role}: {m.Content}");
        int k = Math.Min(Prompts.RagTopK, texts.Count);
        if (k == 0) return [];
        return LexicalRetriever.TopK(texts, item.Question, k).Select(i => texts[i]).ToList();
    }

    private List<ChatMessage> WithSystem(IEnumerable<ChatMessage> messages) =>
        SystemPrompt is { Length: > 0 } s ? [new ChatMessage("system", s), .. messages] : [.. messages];
}
