using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// A scalar reward r(x, y): a copy of a language model's backbone with a <see cref="RewardHead"/> on the last token,
/// trained by Bradley–Terry. <see cref="Score"/> returns standardised rewards (see <see cref="Standardize"/>).
/// </summary>
public sealed class RewardModel : Module
{
    public ICausalLM Backbone { get; }
    public RewardHead Head { get; }
    public float Mean { get; private set; }
    public float Scale { get; private set; } = 1f;

    /// <summary>Backbone initialised from <paramref name="init"/> (copied, so training leaves it alone), head from <paramref name="random"/>.</summary>
    public RewardModel(ICausalLM init, Generator random)
    {
        Backbone = PolicySnapshots.Clone(init);
        RegisterModule("backbone", Backbone.Module);
        Head = RegisterModule("head", new RewardHead(Backbone.HiddenSize, random));
    }

    /// <summary>Raw rewards [rows] on the graph.</summary>
    public Tensor Rewards(CompletionBatch batch) => Head.Rewards(Backbone.Hidden(batch.Ids), RewardHead.LastPositions(batch));

    /// <summary>Standardised rewards without a graph.</summary>
    public float[] Score(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> completions, int chunk = 256)
    {
        using var _ = GradMode.NoGrad();
        var result = new float[prompts.Count];
        for (int start = 0; start < prompts.Count; start += chunk)
        {
            int n = Math.Min(chunk, prompts.Count - start);
            var raw = Rewards(CompletionBatch.FromCompletions(PolicyTraining.Slice(prompts, start, n), PolicyTraining.Slice(completions, start, n))).ToArray();
            for (int i = 0; i < n; i++) result[start + i] = (raw[i] - Mean) / Scale;
        }
        return result;
    }

    /// <summary>
    /// Shifts the raw rewards so the reference completions (the demonstrations) score 0 on average, as the released
    /// code subtracts its reward model's mean on reference responses, and scales them to unit standard deviation over
    /// the references and <paramref name="samples"/> (the policy's own completions) together. The spread is taken over
    /// both because the policy step compares its own samples: the spread of the demonstrations alone shrinks as the
    /// reward model learns to score them alike, and dividing by it inflated the rewards against the fixed KL weight.
    /// </summary>
    public void Standardize(IReadOnlyList<int[]> referencePrompts, IReadOnlyList<int[]> references, IReadOnlyList<int[]> samplePrompts, IReadOnlyList<int[]> samples)
    {
        if (references.Count == 0) throw new ArgumentException("references must not be empty");
        (Mean, Scale) = (0f, 1f);
        var raw = Score(referencePrompts, references);
        var own = samples.Count == 0 ? [] : Score(samplePrompts, samples);
        double mean = raw.Average();
        double pooledMean = (raw.Sum(r => (double)r) + own.Sum(r => (double)r)) / (raw.Length + own.Length);
        double variance = (raw.Sum(r => (r - pooledMean) * (r - pooledMean)) + own.Sum(r => (r - pooledMean) * (r - pooledMean))) / (raw.Length + own.Length);
        (Mean, Scale) = ((float)mean, (float)Math.Max(Math.Sqrt(variance), 1e-6));
    }

    /// <summary>
    /// <paramref name="steps"/> Bradley–Terry steps on (prompt, chosen ≻ rejected) pairs, batches of <paramref name="batch"/>
    /// pairs drawn at random. Returns the mean loss of the last tenth of the steps.
    /// </summary>
    public double Train(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> chosen, IReadOnlyList<int[]> rejected, int steps, int batch, float learningRate,
        Generator random, CancellationToken cancel)
    {
        var optimizer = new Core.Optim.AdamW(Parameters(), learningRate, weightDecay: 0f);
        Train();
        double tail = 0;
        int tailCount = 0;
        for (int step = 0; step < steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var picked = PolicyTraining.Minibatch(random, prompts.Count, batch);
            var p = PolicyTraining.Pick(prompts, picked);
            // One forward over chosen and rejected together: rows 2i (chosen) and 2i+1 (rejected) share prompt i.
            var both = new int[2 * picked.Length][];
            for (int i = 0; i < picked.Length; i++) (both[2 * i], both[2 * i + 1]) = (chosen[picked[i]], rejected[picked[i]]);
            var rewards = Rewards(CompletionBatch.FromCompletions(p, both, samplesPerPrompt: 2)).Reshape(picked.Length, 2);
            var loss = BradleyTerry.Loss(rewards.Slice(1, 0, 1).Reshape(picked.Length), rewards.Slice(1, 1, 2).Reshape(picked.Length));
            if (step >= steps - Math.Max(1, steps / 10)) { tail += loss.Item(); tailCount++; }
            PolicyTraining.Step(optimizer, loss);
        }
        Eval();
        return tail / tailCount;
    }
}
