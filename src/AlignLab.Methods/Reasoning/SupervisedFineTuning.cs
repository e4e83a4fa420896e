using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Models.Llama;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Reasoning;

/// <summary>Settings of one fine-tuning run: a fixed number of Adam steps, so every method pays the same.</summary>
public sealed record SftSettings
{
    public int Steps { get; init; } = 200;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 2e-3f;

    public void Validate()
    {
        if (Steps < 0) throw new ArgumentException($"Steps must be non-negative, got {Steps}");
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}");
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be positive, got {LearningRate}");
    }
}

/// <summary>
/// Teacher-forced fine-tuning on completions: the mean over completion tokens of −log p, from the shared sequence
/// log-probs. Batches walk through shuffled epochs, so every example is seen equally often.
/// </summary>
public static class SupervisedFineTuning
{
    /// <returns>The mean per-token loss of the last step (NaN when no step ran).</returns>
    public static double Train(LlamaModel model, IReadOnlyList<SupervisedExample> examples, SftSettings settings, Generator generator,
        CancellationToken cancel = default)
    {
        settings.Validate();
        if (settings.Steps == 0) return double.NaN;
        if (examples.Count == 0) throw new ArgumentException("examples: nothing to fine-tune on");
        model.Train();
        var optimizer = new AdamW(model.Parameters(), settings.LearningRate, weightDecay: 0f);
        var order = new int[examples.Count];
        int cursor = order.Length;
        double last = double.NaN;
        int batch = Math.Min(settings.BatchSize, examples.Count);
        var prompts = new int[batch][];
        var completions = new int[batch][];
        for (int step = 0; step < settings.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int i = 0; i < batch; i++)
            {
                if (cursor == order.Length)
                {
                    for (int j = 0; j < order.Length; j++) order[j] = j;
                    generator.Shuffle(order);
                    cursor = 0;
                }
                var e = examples[order[cursor++]];
                prompts[i] = e.Prompt;
                completions[i] = e.Completion;
            }
            var rows = CompletionBatch.FromCompletions(prompts, completions);
            var loss = Loss(model, rows);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            last = loss.Item();
        }
        model.Eval();
        return last;
    }

    /// <summary>Mean over all completion tokens of the batch of −log p(token | prefix).</summary>
    public static Tensor Loss(LlamaModel model, CompletionBatch rows)
    {
        int tokens = 0;
        foreach (var c in rows.Completions) tokens += c.Length;
        if (tokens == 0) throw new ArgumentException("rows: the completions hold no tokens to learn");
        return -SequenceLogProbs.Compute(model, rows).Total.Sum() / tokens;
    }
}
