using AlignLab.Core;
using AlignLab.Core.Kernels;

namespace AlignLab.Models.Generation;

/// <summary>Log-likelihood of given token sequences under a model: per-token log-probabilities, NLL and perplexity.</summary>
public static class SequenceScorer
{
    /// <summary>Sequences scored in one forward pass by <see cref="Perplexity"/>.</summary>
    public const int DefaultBatch = 8;

    /// <summary>Entry i is log p(ids[i+1] | ids[0..i]); length ids.Length − 1.</summary>
    public static float[] TokenLogProbs(ICausalLM model, ReadOnlySpan<int> ids) => TokenLogProbs(model, [ids.ToArray()])[0];

    /// <summary>
    /// <see cref="TokenLogProbs(ICausalLM, ReadOnlySpan{int})"/> for several sequences in one forward pass: shorter ones
    /// are left-padded and the cache masks the padding, so each row scores as it would alone (to rounding).
    /// </summary>
    public static float[][] TokenLogProbs(ICausalLM model, IReadOnlyList<int[]> sequences)
    {
        int b = sequences.Count, longest = 0, shortest = int.MaxValue, v = model.VocabSize;
        for (int s = 0; s < b; s++)
        {
            var ids = sequences[s];
            if (ids.Length < 2) throw new ArgumentException($"scoring needs at least 2 tokens, got {ids.Length} in sequence {s}");
            for (int i = 1; i < ids.Length; i++)
                if ((uint)ids[i] >= (uint)v) throw new ArgumentException($"token id {ids[i]} at position {i} of sequence {s} is outside the vocabulary of {v}");
            (longest, shortest) = (Math.Max(longest, ids.Length), Math.Min(shortest, ids.Length));
        }
        int t = longest - 1;
        var input = new int[b * t];
        var padding = new int[b];
        for (int s = 0; s < b; s++)
        {
            padding[s] = longest - sequences[s].Length;
            sequences[s].AsSpan(0, sequences[s].Length - 1).CopyTo(input.AsSpan(s * t + padding[s]));
        }
        using var _ = GradMode.NoGrad();
        // The cache is only the carrier of the padding mask; sequences of one length need neither.
        var cache = longest > shortest ? new KvCache(model.LayerCount, padding) : null;
        var logits = model.Logits(new IntTensor(input, b, t), cache).Contiguous().AsSpan();
        // Log-softmax one row at a time, so scoring never holds a second [T × V] tensor.
        var row = new float[v];
        var result = new float[b][];
        for (int s = 0; s < b; s++)
        {
            var ids = sequences[s];
            result[s] = new float[ids.Length - 1];
            for (int i = 0; i < ids.Length - 1; i++)
            {
                RowSoftmax.LogSoftmax(logits.Slice(((s * t) + padding[s] + i) * v, v), row);
                result[s][i] = row[ids[i + 1]];
            }
        }
        return result;
    }

    /// <summary>−Σ log p of every token after the first, summed in double.</summary>
    public static double Nll(ICausalLM model, ReadOnlySpan<int> ids) => Nll(TokenLogProbs(model, ids));

    private static double Nll(float[] logProbs)
    {
        double sum = 0;
        foreach (var lp in logProbs) sum -= lp;
        return sum;
    }

    /// <summary>exp(total NLL / number of predicted tokens) over a dataset of sequences (each of at least 2 tokens),
    /// scored <paramref name="batch"/> at a time.</summary>
    public static double Perplexity(ICausalLM model, IEnumerable<int[]> sequences, int batch = DefaultBatch)
    {
        if (batch < 1) throw new ArgumentException($"batch must be at least 1, got {batch}");
        double nll = 0;
        long count = 0;
        foreach (var chunk in sequences.Chunk(batch))
            foreach (var lp in TokenLogProbs(model, chunk))
            {
                nll += Nll(lp);
                count += lp.Length;
            }
        if (count == 0) throw new ArgumentException("perplexity needs at least one sequence");
        return Math.Exp(nll / count);
    }
}
