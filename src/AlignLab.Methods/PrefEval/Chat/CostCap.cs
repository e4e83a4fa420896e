namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>
/// Limits on what a run may spend on new (uncached) calls: their number, and their input size in approximate tokens
/// (characters / 4). A call that would pass a limit is not made; the run stops cleanly with what it has.
/// </summary>
public sealed record CostCap(long? MaxCalls = null, long? MaxInputTokens = null)
{
    public static CostCap None { get; } = new();

    public static long ApproxTokens(ChatRequest request) => request.Messages.Sum(m => (long)m.Content.Length) / 4;
}

/// <summary>What a run has spent against its <see cref="CostCap"/>; shared by the answering model and the judge.</summary>
public sealed class CostLedger(CostCap cap)
{
    private readonly Lock gate = new();
    public CostCap Cap { get; } = cap;
    public long Calls { get; private set; }
    public long InputTokens { get; private set; }

    /// <summary>Books one new call of about <paramref name="tokens"/> input tokens, or throws if that would pass the cap.</summary>
    public void Charge(long tokens)
    {
        lock (gate)
        {
            if (Cap.MaxCalls is long calls && Calls + 1 > calls)
                throw new CostCapReachedException($"the cost cap of {calls} new calls is reached");
            if (Cap.MaxInputTokens is long most && InputTokens + tokens > most)
                throw new CostCapReachedException($"the cost cap of about {most} new input tokens is reached ({InputTokens} spent, the next call needs about {tokens})");
            Calls++;
            InputTokens += tokens;
        }
    }
}

/// <summary>Thrown instead of a call that would exceed the <see cref="CostCap"/>; the runner stops and reports a partial result.</summary>
public sealed class CostCapReachedException(string message) : Exception(message);
