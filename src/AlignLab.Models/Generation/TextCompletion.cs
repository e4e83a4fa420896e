namespace AlignLab.Models.Generation;

/// <summary>
/// One generated continuation: its text (cut before a stop string), the new token ids whose text lies wholly before
/// that cut (a token that straddles the stop string's start is dropped), and why it ended.
/// </summary>
public sealed record TextCompletion(int[] Ids, string Text, FinishReason FinishReason);
