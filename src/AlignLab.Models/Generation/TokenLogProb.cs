using System.Numerics.Tensors;

namespace AlignLab.Models.Generation;

/// <summary>
/// A token's log-probability under the model's own next-token distribution (log-softmax of the raw logits, before
/// temperature, top-k or top-p), with the most likely alternatives at that step (empty for the alternatives themselves).
/// </summary>
public sealed record TokenLogProb(int Id, float LogProb, TokenLogProb[] Top)
{
    /// <summary>
    /// Scores <paramref name="id"/> in one row of logits and finds the <paramref name="top"/> most likely tokens
    /// (descending, ties by lower id). <paramref name="scratch"/> holds at least as many floats as the row.
    /// </summary>
    public static TokenLogProb Of(ReadOnlySpan<float> logits, int id, int top, Span<float> scratch)
    {
        float max = TensorPrimitives.Max(logits);
        var shifted = scratch[..logits.Length];
        TensorPrimitives.Subtract(logits, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        float logZ = max + MathF.Log(TensorPrimitives.Sum(shifted));
        var best = new int[Math.Min(top, logits.Length)];
        int kept = 0;
        for (int i = 0; i < logits.Length && best.Length > 0; i++)
        {
            // Insertion into the short descending list; strict comparison keeps the lower id first on ties.
            if (kept == best.Length && !(logits[i] > logits[best[kept - 1]])) continue;
            int at = kept < best.Length ? kept++ : kept - 1;
            while (at > 0 && logits[i] > logits[best[at - 1]]) { best[at] = best[at - 1]; at--; }
            best[at] = i;
        }
        var alternatives = new TokenLogProb[best.Length];
        for (int j = 0; j < best.Length; j++) alternatives[j] = new TokenLogProb(best[j], logits[best[j]] - logZ, []);
        return new TokenLogProb(id, logits[id] - logZ, alternatives);
    }
}
