using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>
/// What an in-process model with a short context does with a conversation that does not fit. Where the preference
/// sits decides which policy loses it: <see cref="Left"/> keeps the most recent tokens (a sliding window: the
/// preference, said first, is the first thing lost); <see cref="KeepFirstAndLast"/> keeps whole opening turns up to half the
/// room, then the most recent turns, dropping the middle (so an opening preference survives any amount of filler).
/// </summary>
public enum TruncationPolicy { Left, KeepFirstAndLast }

public static class TruncationPolicies
{
    public static TruncationPolicy Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "left" => TruncationPolicy.Left,
        "keep-first-and-last" or "first-last" => TruncationPolicy.KeepFirstAndLast,
        var other => throw new ArgumentException($"truncation '{other}' is not one of left, keep-first-and-last", "Truncation"),
    };

    /// <summary>
    /// The prompt token ids (chat template with the generation prompt) of at most <paramref name="room"/> tokens, and whether anything was cut.
    /// A system turn counts as an opening turn.
    /// </summary>
    public static (int[] Ids, bool Truncated) Fit(IReadOnlyList<ChatMessage> messages, ByteLevelBpeTokenizer tokenizer, int room, TruncationPolicy policy)
    {
        var turns = messages.Select(m => tokenizer.Encode(ChatTemplate.Render([m])).ToArray()).ToList();
        var prompt = tokenizer.Encode(ChatTemplate.AssistantToken + "\n").ToArray();
        int total = turns.Sum(t => t.Length) + prompt.Length;
        if (total <= room) return ([.. turns.SelectMany(t => t), .. prompt], false);
        if (policy == TruncationPolicy.Left)
        {
            // Whole turns go, oldest first, as a chat client with a sliding window drops them; never half a turn.
            int first = 0;
            while (first < turns.Count - 1 && total > room) total -= turns[first++].Length;
            var kept = turns.Skip(first).SelectMany(t => t).Concat(prompt).ToArray();
            return (kept.Length > room ? kept[^room..] : kept, true);
        }
        int budget = room - prompt.Length;
        var head = new List<int[]>();
        int used = 0;
        foreach (var t in turns)
        {
            if (used + t.Length > budget / 2) break;
            head.Add(t);
            used += t.Length;
        }
        var tail = new List<int[]>();
        for (int i = turns.Count - 1; i >= head.Count; i--)
        {
            if (used + turns[i].Length > budget) break;
            tail.Insert(0, turns[i]);
            used += turns[i].Length;
        }
        var ids = head.SelectMany(t => t).Concat(tail.SelectMany(t => t)).Concat(prompt).ToArray();
        // Even the last turn alone overflows: keep its end, as Left would.
        if (tail.Count == 0) ids = turns.SelectMany(t => t).Concat(prompt).ToArray()[^room..];
        return (ids, true);
    }
}
