using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>
/// A model behind the <see cref="ResponseCache"/> and a <see cref="CostCap"/>: answers from the cache when it can,
/// otherwise calls the model (if the cap allows), stores the answer at once and counts the call.
/// </summary>
public sealed class CachedChatModel(IChatModel inner, ResponseCache cache, CostLedger? ledger = null) : IChatModel, IOptionScorer
{
    private long cached, fresh;
    private readonly CostLedger ledger = ledger ?? new CostLedger(CostCap.None);

    public string Name => inner.Name;
    public long CachedCalls => Interlocked.Read(ref cached);
    public long NewCalls => Interlocked.Read(ref fresh);
    public CostLedger Ledger => ledger;
    public IChatModel Inner => inner;

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, CancellationToken cancel = default)
    {
        string json = ResponseCache.RequestJson(request);
        string key = ResponseCache.Key(inner.Name, "chat", json);
        if (cache.TryGet(key, out var answer, out bool truncated))
        {
            Interlocked.Increment(ref cached);
            return new ChatAnswer(answer, truncated);
        }
        ledger.Charge(CostCap.ApproxTokens(request));
        Interlocked.Increment(ref fresh);
        var result = await inner.CompleteAsync(request, cancel);
        cache.Put(key, inner.Name, json, result.Text, result.Truncated);
        return result;
    }

    public async Task<double[]> ScoreOptionsAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<string> options, CancellationToken cancel = default)
    {
        if (inner is not IOptionScorer scorer) throw new NotSupportedException($"model '{inner.Name}' cannot score options by likelihood (only in-process models can)");
        string json = System.Text.Json.JsonSerializer.Serialize(new { messages = messages.Select(m => new { role = m.Role, content = m.Content }), options });
        string key = ResponseCache.Key(inner.Name, "score", json);
        if (cache.TryGet(key, out var stored, out _))
        {
            Interlocked.Increment(ref cached);
            return System.Text.Json.JsonSerializer.Deserialize<double[]>(stored)!;
        }
        Interlocked.Increment(ref fresh);
        var scores = await scorer.ScoreOptionsAsync(messages, options, cancel);
        cache.Put(key, inner.Name, json, System.Text.Json.JsonSerializer.Serialize(scores), false);
        return scores;
    }
}
