using AlignLab.Core;

namespace AlignLab.Models.Data;

/// <summary>
/// Inputs [B, T] and next-token targets [B, T] of a batch; untrained and padding positions hold
/// <see cref="IgnoreIndex"/>, which the cross-entropy skips. Sequences are right-padded, which a causal model
/// never attends to, so padding changes no trained position's logits.
/// </summary>
public sealed record Batch(IntTensor Inputs, IntTensor Targets, int TargetCount, int TokenCount)
{
    public const int IgnoreIndex = -100;

    public static Batch Collate(IReadOnlyList<TrainingExample> examples)
    {
        if (examples.Count == 0) throw new ArgumentException("cannot collate an empty batch");
        int t = 0;
        foreach (var e in examples) t = Math.Max(t, e.Ids.Length - 1);
        var inputs = new int[examples.Count * t];
        var targets = new int[examples.Count * t];
        Array.Fill(targets, IgnoreIndex);
        int targetCount = 0, tokenCount = 0;
        for (int b = 0; b < examples.Count; b++)
        {
            var e = examples[b];
            int n = e.Ids.Length - 1, row = b * t;
            e.Ids.AsSpan(0, n).CopyTo(inputs.AsSpan(row, n));
            for (int i = 0; i < n; i++)
                if (e.Trained[i + 1]) { targets[row + i] = e.Ids[i + 1]; targetCount++; }
            tokenCount += n;
        }
        return new Batch(new IntTensor(inputs, examples.Count, t), new IntTensor(targets, examples.Count, t), targetCount, tokenCount);
    }
}
