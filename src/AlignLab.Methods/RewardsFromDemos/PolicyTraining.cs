using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>The pieces every method's training loop shares: the model, the supervised loss, scoring, sampling and one optimizer step.</summary>
public static class PolicyTraining
{
    /// <summary>Gradient-norm clip of every step (ours: keeps the small-batch RL and contrastive steps from blowing up).</summary>
    public const double ClipNorm = 1.0;

    public static Gpt2Model NewModel(AlignSettings settings, Generator random) => new(new Gpt2Config
    {
        VocabSize = TaskVocabulary.Size, NPositions = TaskDataset.MaxSequence, NEmbd = settings.Width, NLayer = settings.Layers, NHead = settings.Heads,
    }, random);

    /// <summary>Mean negative log-likelihood per completion token.</summary>
    public static Tensor NegativeLogLikelihood(ICausalLM model, CompletionBatch batch)
    {
        var logProbs = SequenceLogProbs.Compute(model, batch);
        float tokens = Math.Max(1f, batch.CompletionMask.Sum().Item());
        return -logProbs.Total.Sum() * (1f / tokens);
    }

    /// <summary>Sequence log-probabilities without a graph, in chunks.</summary>
    public static float[] LogProbs(ICausalLM model, IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> completions, int chunk = 256)
    {
        using var _ = GradMode.NoGrad();
        var result = new float[prompts.Count];
        for (int start = 0; start < prompts.Count; start += chunk)
        {
            int n = Math.Min(chunk, prompts.Count - start);
            var batch = CompletionBatch.FromCompletions(Slice(prompts, start, n), Slice(completions, start, n));
            SequenceLogProbs.Compute(model, batch).Total.ToArray().CopyTo(result, start);
        }
        return result;
    }

    /// <summary>One completion per prompt (in chunks), ending at end-of-sequence or after <see cref="TaskDataset.MaxNewTokens"/>.</summary>
    public static int[][] Generate(ICausalLM model, IReadOnlyList<int[]> prompts, float temperature, Generator random, int chunk = 256, CancellationToken cancel = default)
    {
        var result = new int[prompts.Count][];
        for (int start = 0; start < prompts.Count; start += chunk)
        {
            int n = Math.Min(chunk, prompts.Count - start);
            var batch = CompletionBatch.Sample(model, Slice(prompts, start, n), 1, Options(temperature), random, cancel);
            for (int i = 0; i < n; i++) result[start + i] = batch.Completions[i].ToArray();
        }
        return result;
    }

    public static GenerationOptions Options(float temperature) =>
        new() { MaxNewTokens = TaskDataset.MaxNewTokens, Temperature = temperature, StopIds = [TaskVocabulary.Eos] };

    /// <summary>Backward, clip, step, clear.</summary>
    public static void Step(Optimizer optimizer, Tensor loss)
    {
        loss.Backward();
        GradClip.ClipByGlobalNorm(optimizer.Parameters, ClipNorm);
        optimizer.Step();
        optimizer.ZeroGrad();
    }

    public static AdamW Optimizer(ICausalLM model, float learningRate) => new(model.Module.Parameters(), learningRate, weightDecay: 0f);

    /// <summary><paramref name="size"/> distinct indices below <paramref name="count"/> (all of them, shuffled, when fewer).</summary>
    public static int[] Minibatch(Generator random, int count, int size)
    {
        var all = Enumerable.Range(0, count).ToArray();
        // A partial Fisher–Yates shuffle: the first `take` entries are a uniform sample without replacement.
        int take = Math.Min(size, count);
        for (int i = 0; i < take; i++)
        {
            int j = random.NextInt(i, count);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..take];
    }

    /// <summary><paramref name="steps"/> steps of supervised fine-tuning on (prompt, completion) pairs, batches drawn at random.</summary>
    public static void Supervised(ICausalLM model, IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> completions, int steps, int batch, float learningRate,
        Generator random, IProgress<double>? progress, CancellationToken cancel)
    {
        var optimizer = Optimizer(model, learningRate);
        model.Module.Train();
        for (int step = 0; step < steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var picked = Minibatch(random, prompts.Count, batch);
            var data = CompletionBatch.FromCompletions(Pick(prompts, picked), Pick(completions, picked));
            Step(optimizer, NegativeLogLikelihood(model, data));
            progress?.Report((step + 1.0) / steps);
        }
    }

    public static T[] Pick<T>(IReadOnlyList<T> items, IReadOnlyList<int> indices)
    {
        var result = new T[indices.Count];
        for (int i = 0; i < result.Length; i++) result[i] = items[indices[i]];
        return result;
    }

    public static T[] Slice<T>(IReadOnlyList<T> items, int start, int count)
    {
        var result = new T[count];
        for (int i = 0; i < count; i++) result[i] = items[start + i];
        return result;
    }
}
