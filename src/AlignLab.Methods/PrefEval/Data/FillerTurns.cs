using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Data;

/// <summary>
/// The unrelated conversation inserted between the preference and the question: one list of strictly alternating
/// user/assistant messages, of which "N inter-turns" are the first N pairs — the same filler for every item.
/// </summary>
public sealed class FillerTurns
{
    private readonly IReadOnlyList<ChatMessage> messages;

    public FillerTurns(IReadOnlyList<ChatMessage> messages, string source)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            string expected = i % 2 == 0 ? "user" : "assistant";
            if (messages[i].Role != expected)
                throw new InvalidDataException($"{source}: message {i} of the concatenated filler is '{messages[i].Role}', expected '{expected}' (turns must alternate, starting with the user)");
        }
        (this.messages, Source) = (messages, source);
    }

    public string Source { get; }

    /// <summary>How many whole user/assistant pairs there are.</summary>
    public int PairCount => messages.Count / 2;

    public IReadOnlyList<ChatMessage> All => messages;

    /// <summary>The first <paramref name="turns"/> pairs (2·turns messages).</summary>
    public IReadOnlyList<ChatMessage> First(int turns)
    {
        if (turns < 0) throw new ArgumentOutOfRangeException(nameof(turns), $"inter-turns must be at least 0, got {turns}");
        if (turns > PairCount)
            throw new ArgumentException($"{turns} inter-turns asked for, but {Source} holds only {PairCount} user/assistant pairs", "Turns");
        return messages.Take(2 * turns).ToList();
    }
}
