using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>One chat call: the messages (a system turn first if any), the answer's token budget, greedy decoding unless told otherwise.</summary>
public sealed record ChatRequest(IReadOnlyList<ChatMessage> Messages, int MaxTokens, double Temperature = 0);

/// <summary>What a chat answer came with: its text, and whether the model had to cut the conversation to fit its context.</summary>
public sealed record ChatAnswer(string Text, bool Truncated = false);

/// <summary>A model the harness asks: an OpenAI-compatible endpoint, an in-process model, or a cache in front of either.</summary>
public interface IChatModel
{
    /// <summary>The model's name as the cache keys it (the endpoint's model id, or a name given to an in-process model).</summary>
    string Name { get; }
    Task<ChatAnswer> CompleteAsync(ChatRequest request, CancellationToken cancel = default);
}

/// <summary>Models that can score answers by likelihood (the classification task without parsing a generated letter).</summary>
public interface IOptionScorer
{
    /// <summary>log p(option as the assistant's reply | messages) for each option, summed over its tokens.</summary>
    Task<double[]> ScoreOptionsAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<string> options, CancellationToken cancel = default);
}
