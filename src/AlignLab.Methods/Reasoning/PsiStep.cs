using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Reasoning;

/// <summary>Settings of the ψ-step: KL-regularised RLOO of the rationale sampler, started at the current model.</summary>
public sealed record PsiStepSettings
{
    public RationaleRewardKind Reward { get; init; } = RationaleRewardKind.Verifier;
    /// <summary>η of the verifier reward (log of how much more a correct sample weighs in the target posterior).</summary>
    public float Eta { get; init; } = 5f;
    /// <summary>β of the KL to the current model; 1 makes the optimum exactly the posterior.</summary>
    public float KlCoefficient { get; init; } = 1f;
    public int Steps { get; init; } = 16;
    public int PromptsPerStep { get; init; } = 16;
    public int SamplesPerPrompt { get; init; } = 4;
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Completions the ψ-step draws.</summary>
    public int Samples => Steps * PromptsPerStep * SamplesPerPrompt;

    public void Validate()
    {
        if (Steps < 0) throw new ArgumentException($"Psi.Steps must be non-negative, got {Steps}");
        if (PromptsPerStep < 1) throw new ArgumentException($"Psi.PromptsPerStep must be at least 1, got {PromptsPerStep}");
        if (SamplesPerPrompt < 2) throw new ArgumentException($"Psi.SamplesPerPrompt must be at least 2 (leave-one-out baseline), got {SamplesPerPrompt}");
        if (!(LearningRate > 0)) throw new ArgumentException($"Psi.LearningRate must be positive, got {LearningRate}");
        if (!(KlCoefficient > 0)) throw new ArgumentException($"Psi.KlCoefficient must be positive, got {KlCoefficient}");
        if (!float.IsFinite(Eta)) throw new ArgumentException($"Psi.Eta must be finite, got {Eta}");
    }
}

/// <summary>What one ψ-step did: the mean terminal reward of its first and last batch, the mean per-sequence log Q − log P_θ.</summary>
public sealed record PsiStepTrace(double FirstReward, double LastReward, double MeanKl, int Samples);

/// <summary>
/// The ψ-step: Q_ψ starts as a copy of P_θ and is trained by RLOO on the shaped reward (terminal reward minus β times
/// the sequence's log Q − log P_θ, folded into the reward without gradient), one update per batch of sampled problems.
/// </summary>
public static class PsiStep
{
    /// <summary>The stop token of the sampler: the whole completion for the verifier, the rationale for the likelihood reward.</summary>
    public static int StopToken(RationaleRewardKind kind) => kind == RationaleRewardKind.Verifier ? ReasoningVocabulary.End : ReasoningVocabulary.Answer;

    /// <summary>
    /// Q_ψ is sampled as it is, at temperature 1: the RLOO gradient and the KL in the reward use log Q of the sampled
    /// tokens under the plain softmax, so a tempered draw would optimise and penalise a distribution other than the one
    /// sampled (and the θ-step would not train on samples of Q). Not a setting for that reason.
    /// </summary>
    public const float Temperature = 1f;

    public static (LlamaModel Sampler, PsiStepTrace Trace) Run(LlamaModel model, IReadOnlyList<ArithmeticProblem> problems, PsiStepSettings settings,
        Generator generator, CancellationToken cancel = default)
    {
        settings.Validate();
        var sampler = ReasoningModel.Clone(model);
        var optimizer = new AdamW(sampler.Parameters(), settings.LearningRate, weightDecay: 0f);
        var options = ReasoningEvaluation.Sampling(Temperature, StopToken(settings.Reward));
        int promptCount = Math.Min(settings.PromptsPerStep, problems.Count);
        var order = new int[problems.Count];
        int cursor = order.Length;
        double first = double.NaN, last = double.NaN, klSum = 0;
        int samples = 0;
        for (int step = 0; step < settings.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var picked = new ArithmeticProblem[promptCount];
            for (int i = 0; i < promptCount; i++)
            {
                if (cursor == order.Length)
                {
                    for (int j = 0; j < order.Length; j++) order[j] = j;
                    generator.Shuffle(order);
                    cursor = 0;
                }
                picked[i] = problems[order[cursor++]];
            }
            sampler.Eval();
            var prompts = picked.Select(p => p.Prompt()).ToArray();
            var batch = CompletionBatch.Sample(sampler, prompts, settings.SamplesPerPrompt, options, generator, cancel);
            samples += batch.Rows;
            var terminal = RationaleReward.Terminal(settings.Reward, settings.Eta, batch, picked, model);
            Tensor reference;
            using (GradMode.NoGrad())
            {
                model.Eval();
                reference = SequenceLogProbs.Compute(model, batch).Total;
            }
            sampler.Train();
            var logProbs = SequenceLogProbs.Compute(sampler, batch).Total;
            var loss = Rloo.Loss(logProbs, terminal, settings.SamplesPerPrompt, reference, settings.KlCoefficient, KlPenalty.InReward);
            optimizer.ZeroGrad();
            loss.Loss.Backward();
            optimizer.Step();
            double mean = terminal.Average(v => (double)v);
            if (step == 0) first = mean;
            last = mean;
            klSum += loss.Kl.Average();
        }
        sampler.Eval();
        return (sampler, new PsiStepTrace(first, last, settings.Steps > 0 ? klSum / settings.Steps : 0, samples));
    }
}
