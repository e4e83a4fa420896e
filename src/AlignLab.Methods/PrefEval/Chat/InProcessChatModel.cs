using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>
/// An AlignLab model answering in <see cref="ChatTemplate"/> form, greedy, in this process. Its context is short, so
/// every prompt is fitted by <see cref="Truncation"/> to leave room for the answer; the answer's budget is capped at a
/// quarter of the context (a 300-token answer would leave a small model no room for the conversation).
/// Calls run one at a time (the model is not thread-safe, and one core per call keeps the machine usable).
/// </summary>
public sealed class InProcessChatModel(ICausalLM model, ByteLevelBpeTokenizer tokenizer, string name, TruncationPolicy truncation) : IChatModel, IOptionScorer
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public string Name { get; } = name;
    public TruncationPolicy Truncation { get; } = truncation;
    public ICausalLM Model => model;

    public int AnswerBudget(int requested) => Math.Max(1, Math.Min(requested, model.MaxPositions / 4));

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, CancellationToken cancel = default)
    {
        int budget = AnswerBudget(request.MaxTokens);
        var (ids, truncated) = TruncationPolicies.Fit(request.Messages, tokenizer, model.MaxPositions - budget, Truncation);
        var options = new GenerationOptions
        {
            MaxNewTokens = budget, Temperature = (float)request.Temperature, StopStrings = [ChatTemplate.EndToken],
            StopIds = tokenizer.TryTokenToId(ChatTemplate.EndToken, out int end) ? [end] : [],
        };
        await gate.WaitAsync(cancel);
        try
        {
            var completion = TextGenerator.Complete(model, tokenizer, [ids], options, generator: new AlignLab.Core.Generator(1), cancellationToken: cancel)[0];
            return new ChatAnswer(completion.Text.Trim(), truncated);
        }
        finally { gate.Release(); }
    }

    public async Task<double[]> ScoreOptionsAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<string> options, CancellationToken cancel = default)
    {
        var encoded = options.Select(o => tokenizer.Encode(o + ChatTemplate.EndToken).ToArray()).ToList();
        int longest = encoded.Max(e => e.Length);
        var (prompt, _) = TruncationPolicies.Fit(messages, tokenizer, model.MaxPositions - longest, Truncation);
        var sequences = encoded.Select(e => prompt.Concat(e).ToArray()).ToList();
        await gate.WaitAsync(cancel);
        try
        {
            var logprobs = SequenceScorer.TokenLogProbs(model, sequences);
            // Entry i of a row is log p(token i+1 | ..i): the option's tokens are entries prompt.Length-1 onwards.
            return logprobs.Select(row => row.Skip(prompt.Length - 1).Sum(x => (double)x)).ToArray();
        }
        finally { gate.Release(); }
    }
}
