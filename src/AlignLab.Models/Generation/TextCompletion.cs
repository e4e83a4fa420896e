namespace AlignLab.Models.Generation;

/// <summary>
/// One generated continuation: its text (cut before a stop string), the new token ids whose text lies wholly before
/// that cut (a token that straddles the stop string's start is dropped), why it ended, and with
/// <see cref="GenerationOptions.LogProbs"/> one <see cref="TokenLogProb"/> per id.
/// </summary>
public sealed record TextCompletion(int[] Ids, string Text, FinishReason FinishReason, TokenLogProb[]? LogProbs = null);
