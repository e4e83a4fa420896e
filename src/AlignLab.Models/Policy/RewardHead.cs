using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Policy;

/// <summary>
/// A scalar reward read from a backbone's final hidden state at each sequence's last real token (the
/// <c>score</c> layer of Hugging Face's sequence-classification heads). With right padding that state has seen the
/// whole sequence and none of the padding.
/// </summary>
/// <remarks>
/// It takes hidden states (<see cref="Generation.ICausalLM.Hidden"/>) rather than a model, so one backbone pass can
/// feed several heads.
/// </remarks>
public sealed class RewardHead : Module
{
    public Linear Score { get; }
    public int HiddenSize { get; }

    public RewardHead(int hiddenSize, Generator generator)
    {
        if (hiddenSize < 1) throw new ArgumentException($"hiddenSize must be at least 1, got {hiddenSize}");
        HiddenSize = hiddenSize;
        Score = RegisterModule("score", new Linear(hiddenSize, 1, bias: true, generator));
    }

    /// <summary>Rewards [B] from hidden states [B, T, d], row r read at position <paramref name="lastPositions"/>[r].</summary>
    public Tensor Rewards(Tensor hidden, IReadOnlyList<int> lastPositions)
    {
        if (hidden.Rank != 3 || hidden.Shape[2] != HiddenSize)
            throw new ArgumentException($"hidden: expected [batch, time, {HiddenSize}], got {ShapeUtil.Format(hidden.Shape)}");
        int b = hidden.Shape[0], t = hidden.Shape[1];
        if (lastPositions.Count != b) throw new ArgumentException($"lastPositions: expected {b} (one per row), got {lastPositions.Count}");
        var rows = new int[b];
        for (int r = 0; r < b; r++)
        {
            if ((uint)lastPositions[r] >= (uint)t) throw new ArgumentException($"lastPositions: {lastPositions[r]} at row {r} is outside [0, {t})");
            rows[r] = r * t + lastPositions[r];
        }
        var last = hidden.Reshape(b * t, HiddenSize).IndexSelect(0, new IntTensor(rows, b));
        return Score.Forward(last).Reshape(b);
    }

    /// <summary>Each row's last prompt-or-completion position in a <see cref="CompletionBatch"/>.</summary>
    public static int[] LastPositions(CompletionBatch batch)
    {
        var last = new int[batch.Rows];
        for (int r = 0; r < last.Length; r++) last[r] = batch.PromptLengths[r] + batch.Completions[r].Length - 1;
        return last;
    }
}
