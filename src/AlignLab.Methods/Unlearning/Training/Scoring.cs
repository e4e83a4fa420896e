using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>Teacher-forced log-probabilities and greedy continuations, batched, without a graph.</summary>
public static class Scoring
{
    /// <summary>Per example: Σ log p over the completion tokens, the token count, and each token's log p.</summary>
    public static (double Sum, int Count, double[] Tokens)[] LogProbs(UnlearnModel m, IReadOnlyList<Example> examples, int batchSize = 32)
    {
        var result = new (double, int, double[])[examples.Count];
        using var _ = GradMode.NoGrad();
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            var chunk = examples.Skip(start).Take(batchSize).ToArray();
            var batch = CompletionBatch.FromCompletions(chunk.Select(e => e.Prompt).ToArray(), chunk.Select(e => e.Completion).ToArray());
            var lp = SequenceLogProbs.Compute(m.Model, batch);
            var per = lp.PerToken.Contiguous().ToArray();
            int width = lp.PerToken.Shape[1];
            for (int r = 0; r < chunk.Length; r++)
            {
                int from = chunk[r].Prompt.Length - 1, n = chunk[r].Completion.Length;
                var tokens = new double[n];
                for (int j = 0; j < n; j++) tokens[j] = per[r * width + from + j];
                result[start + r] = (tokens.Sum(), n, tokens);
            }
        }
        return result;
    }

    /// <summary>Greedy continuations, stopping at EOS or after <paramref name="maxNewTokens"/> tokens.</summary>
    public static string[] Greedy(UnlearnModel m, IReadOnlyList<int[]> prompts, int maxNewTokens, int batchSize = 64)
    {
        var result = new string[prompts.Count];
        for (int start = 0; start < prompts.Count; start += batchSize)
        {
            var chunk = prompts.Skip(start).Take(batchSize).ToArray();
            var ids = TextGenerator.Generate(m.Model, chunk, new GenerationOptions { MaxNewTokens = maxNewTokens, StopIds = [WordTokenizer.Eos] });
            for (int r = 0; r < chunk.Length; r++) result[start + r] = m.Tokenizer.Decode(ids[r]);
        }
        return result;
    }
}
