using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Reasoning;

/// <summary>Greedy (pass@1) accuracy and sampled solve rates of a model on problem sets.</summary>
public static class ReasoningEvaluation
{
    /// <summary>Room for the 48-token rationale of a five-step problem, the answer and a few extra tokens before a rambling sample is cut.</summary>
    public const int MaxNewTokens = 60;

    /// <summary>Problems decoded per batch (bounds the KV cache and logits of one batch).</summary>
    private const int Chunk = 256;

    public static GenerationOptions Greedy(int stopId = ReasoningVocabulary.End) => new() { MaxNewTokens = MaxNewTokens, StopIds = [stopId] };

    public static GenerationOptions Sampling(float temperature, int stopId = ReasoningVocabulary.End) =>
        new() { MaxNewTokens = MaxNewTokens, Temperature = temperature, StopIds = [stopId] };

    /// <summary>Fraction of problems whose greedy completion the verifier accepts.</summary>
    public static double Accuracy(LlamaModel model, IReadOnlyList<ArithmeticProblem> problems, CancellationToken cancel = default)
    {
        var correct = Solved(model, problems, 1, Greedy(), null, cancel);
        int n = 0;
        foreach (int c in correct) n += c;
        return (double)n / problems.Count;
    }

    /// <summary>
    /// Per problem, how many of <paramref name="samplesPerProblem"/> completions drawn with <paramref name="options"/>
    /// the verifier accepts.
    /// </summary>
    public static int[] Solved(LlamaModel model, IReadOnlyList<ArithmeticProblem> problems, int samplesPerProblem, GenerationOptions options,
        Generator? generator, CancellationToken cancel = default)
    {
        var counts = new int[problems.Count];
        foreach (var (start, batch) in SampleChunks(model, problems, samplesPerProblem, options, generator, cancel))
            for (int r = 0; r < batch.Rows; r++)
                if (AnswerVerifier.IsCorrect(batch.Completions[r], problems[start + batch.PromptOf(r)])) counts[start + batch.PromptOf(r)]++;
        return counts;
    }

    /// <summary>Completions of every problem in batches of at most <see cref="Chunk"/> rows; yields each batch with its first problem's index.</summary>
    public static IEnumerable<(int Start, CompletionBatch Batch)> SampleChunks(LlamaModel model, IReadOnlyList<ArithmeticProblem> problems,
        int samplesPerProblem, GenerationOptions options, Generator? generator, CancellationToken cancel = default)
    {
        model.Eval();
        int perChunk = Math.Max(1, Chunk / samplesPerProblem);
        for (int start = 0; start < problems.Count; start += perChunk)
        {
            int count = Math.Min(perChunk, problems.Count - start);
            var prompts = new int[count][];
            for (int i = 0; i < count; i++) prompts[i] = problems[start + i].Prompt();
            yield return (start, CompletionBatch.Sample(model, prompts, samplesPerProblem, options, generator, cancel));
        }
    }
}
