using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>Examples right-padded into ids [B, L] and next-token targets [B, L] (−100 on prompt and padding positions).</summary>
public sealed record TrainingBatch(IntTensor Ids, IntTensor Targets, int TrainedTokens)
{
    public const int Ignore = -100;

    public static TrainingBatch From(IReadOnlyList<SummaryExample> examples)
    {
        int length = examples.Max(e => e.Prompt.Length + e.Completion.Length) - 1;
        var ids = new int[examples.Count * length];
        var targets = new int[examples.Count * length];
        Array.Fill(targets, Ignore);
        int trained = 0;
        for (int b = 0; b < examples.Count; b++)
        {
            var full = examples[b].Full();
            int first = Math.Max(0, examples[b].Prompt.Length - 1);
            for (int t = 0; t < full.Length - 1; t++)
            {
                ids[b * length + t] = full[t];
                if (t >= first) { targets[b * length + t] = full[t + 1]; trained++; }
            }
        }
        return new TrainingBatch(new IntTensor(ids, examples.Count, length), new IntTensor(targets, examples.Count, length), trained);
    }

    /// <summary>Mean cross-entropy of the trained tokens.</summary>
    public Tensor Loss(Tensor logits) => F.CrossEntropy(logits, Targets, Ignore);
}
