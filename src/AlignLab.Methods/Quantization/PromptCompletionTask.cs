using AlignLab.Core;
using AlignLab.Models.Data;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// A fine-tuning task from a JSONL file of {"prompt", "completion"} records, tokenized with a model folder's tokenizer:
/// what <c>roste train</c> trains on and <c>roste eval</c> scores (completion perplexity, exact match of greedy completions).
/// </summary>
public static class PromptCompletionTask
{
    public static SummaryExample[] Load(string path, ByteLevelBpeTokenizer tokenizer, int maxPositions)
    {
        var data = TrainingData.Load(path, DataFormat.PromptCompletion);
        var examples = new SummaryExample[data.Records.Count];
        for (int i = 0; i < examples.Length; i++)
        {
            var r = data.Records[i];
            int[] prompt = tokenizer.Encode(r.Prompt ?? "").ToArray(), completion = tokenizer.Encode(r.Completion ?? "").ToArray();
            if (prompt.Length == 0 || completion.Length == 0) throw new InvalidDataException($"{r.Where}: prompt and completion must each encode to at least one token");
            if (prompt.Length + completion.Length > maxPositions)
                throw new InvalidDataException($"{r.Where}: {prompt.Length + completion.Length} tokens, longer than the model's {maxPositions} positions");
            examples[i] = new SummaryExample(prompt, completion);
        }
        return examples;
    }

    /// <summary>Fraction of prompts whose greedy continuation of the completion's length is exactly the completion.</summary>
    public static double ExactMatch(ICausalLM model, IReadOnlyList<SummaryExample> examples)
    {
        int hits = 0;
        using var _ = GradMode.NoGrad();
        foreach (var e in examples)
        {
            var output = TextGenerator.Generate(model, e.Prompt, new GenerationOptions { MaxNewTokens = e.Completion.Length, Temperature = 0f });
            if (output.AsSpan().SequenceEqual(e.Completion)) hits++;
        }
        return (double)hits / examples.Count;
    }
}
