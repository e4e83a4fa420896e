using AlignLab.Core;

namespace AlignLab.Models.Generation;

/// <summary>Log-likelihood of given token sequences under a model: per-token log-probabilities, NLL and perplexity.</summary>
public static class SequenceScorer
{
    /// <summary>Entry i is log p(ids[i+1] | ids[0..i]); length ids.Length − 1.</summary>
    public static float[] TokenLogProbs(ICausalLM model, ReadOnlySpan<int> ids)
    {
        if (ids.Length < 2) throw new ArgumentException($"scoring needs at least 2 tokens, got {ids.Length}");
        using var _ = GradMode.NoGrad();
        int n = ids.Length, v = model.VocabSize;
        var input = new IntTensor(ids[..^1].ToArray(), 1, n - 1);
        var logp = model.Logits(input).LogSoftmax(-1).Contiguous().AsSpan();
        var result = new float[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            int next = ids[i + 1];
            if ((uint)next >= (uint)v) throw new ArgumentException($"token id {next} at position {i + 1} is outside the vocabulary of {v}");
            result[i] = logp[i * v + next];
        }
        return result;
    }

    /// <summary>−Σ log p of every token after the first, summed in double.</summary>
    public static double Nll(ICausalLM model, ReadOnlySpan<int> ids)
    {
        double sum = 0;
        foreach (var lp in TokenLogProbs(model, ids)) sum -= lp;
        return sum;
    }

    /// <summary>exp(total NLL / number of predicted tokens) over a dataset of sequences (each of at least 2 tokens).</summary>
    public static double Perplexity(ICausalLM model, IEnumerable<int[]> sequences)
    {
        double nll = 0;
        long count = 0;
        foreach (var ids in sequences)
        {
            nll += Nll(model, ids);
            count += ids.Length - 1;
        }
        if (count == 0) throw new ArgumentException("perplexity needs at least one sequence");
        return Math.Exp(nll / count);
    }
}
