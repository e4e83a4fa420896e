using AlignLab.Core;
using AlignLab.Models.Generation;

namespace AlignLab.Methods.Quantization;

/// <summary>The two measures of the posts task: teacher-forced perplexity of the summary tokens, and exact match of greedy summaries.</summary>
public static class TaskEvaluation
{
    /// <summary>exp of the mean negative log-likelihood of the completion tokens (the summary and its newline).</summary>
    public static double TargetPerplexity(ICausalLM model, IReadOnlyList<SummaryExample> examples, int batch = 32)
    {
        double nll = 0;
        long tokens = 0;
        using var _ = GradMode.NoGrad();
        for (int start = 0; start < examples.Count; start += batch)
        {
            var b = TrainingBatch.From(examples.Skip(start).Take(batch).ToArray());
            nll += b.Loss(model.Logits(b.Ids)).Item() * (double)b.TrainedTokens;
            tokens += b.TrainedTokens;
        }
        return Math.Exp(nll / tokens);
    }

    /// <summary>
    /// Fraction of prompts whose greedy continuation (up to the newline, the KV cache quantized as the model quantizes it)
    /// is exactly the reference summary.
    /// </summary>
    public static double ExactMatch(ICausalLM model, IReadOnlyList<SummaryExample> examples, int batch = 32)
    {
        int hits = 0;
        var options = new GenerationOptions { MaxNewTokens = examples.Max(e => e.Completion.Length) + 4, Temperature = 0f, StopIds = [CharVocabulary.EndOfSummary] };
        using var _ = GradMode.NoGrad();
        for (int start = 0; start < examples.Count; start += batch)
        {
            var chunk = examples.Skip(start).Take(batch).ToArray();
            var outputs = TextGenerator.Generate(model, chunk.Select(e => e.Prompt).ToArray(), options);
            for (int i = 0; i < chunk.Length; i++)
                if (outputs[i].AsSpan().SequenceEqual(chunk[i].Completion.AsSpan(0, chunk[i].Completion.Length - 1))) hits++;
        }
        return (double)hits / examples.Count;
    }
}
