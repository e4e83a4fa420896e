using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// SPIN and IRFT: the implicit reward β·log π/π_ref trained by Bradley–Terry with the demonstration as the chosen
/// completion and the model's own sample as the rejected one. IRFT splits the demonstration prompts into T stages; stage t
/// samples negatives for its chunk with the current model, freezes that model as the reference, and takes its share of
/// the steps on the chunk. SPIN is one stage over all prompts with the SFT model as the reference. Samples equal to their
/// demonstration are left out of the pairs: their margin is identically 0, so they carry no gradient and would only
/// shrink the effective batch. A stage whose samples all equal their demonstrations has nothing to contrast and
/// leaves the policy as it is.
/// </summary>
public static class SelfPlay
{
    public static AlignOutcome Run(Foundation foundation, int stages, IProgress<double>? progress, CancellationToken cancel, string? checkpoints = null)
    {
        var s = foundation.Settings;
        var method = stages == 1 ? AlignMethod.Spin : AlignMethod.Irft;
        var random = Foundation.Stream(foundation.Seed, 100 + (ulong)method);
        var policy = PolicySnapshots.Clone(foundation.Sft);
        var prompts = foundation.DemoPrompts;
        var demos = foundation.Data.Demonstrations;
        var optimizer = PolicyTraining.Optimizer(policy, s.MethodLearningRate);
        int done = 0;
        for (int stage = 0; stage < stages; stage++)
        {
            int from = (int)((long)prompts.Length * stage / stages), to = (int)((long)prompts.Length * (stage + 1) / stages);
            int steps = (int)((long)s.MethodSteps * (stage + 1) / stages) - (int)((long)s.MethodSteps * stage / stages);
            var stagePrompts = PolicyTraining.Slice(prompts, from, to - from);
            var stageDemos = PolicyTraining.Slice(demos, from, to - from);
            policy.Module.Eval();
            var samples = PolicyTraining.Generate(policy, stagePrompts, s.PairTemperature, random.Fork((ulong)stage + 1), cancel: cancel);
            var keep = InformativePairs.Indices(stageDemos, samples);
            var chunkPrompts = PolicyTraining.Pick(stagePrompts, keep);
            var chunkDemos = PolicyTraining.Pick(stageDemos, keep);
            var negatives = PolicyTraining.Pick(samples, keep);
            if (keep.Length == 0)
            {
                done += steps;
                if (checkpoints != null) PolicySnapshots.SaveRound(checkpoints, stage + 1, policy);
                continue;
            }
            // The reference is the stage-start model; its log-probs of this stage's fixed pairs are computed once.
            var referenceChosen = PolicyTraining.LogProbs(policy, chunkPrompts, chunkDemos);
            var referenceRejected = PolicyTraining.LogProbs(policy, chunkPrompts, negatives);
            policy.Module.Train();
            for (int step = 0; step < steps; step++, done++)
            {
                cancel.ThrowIfCancellationRequested();
                var picked = PolicyTraining.Minibatch(random, chunkPrompts.Length, s.Batch);
                var loss = PairLoss(policy, PolicyTraining.Pick(chunkPrompts, picked), PolicyTraining.Pick(chunkDemos, picked), PolicyTraining.Pick(negatives, picked),
                    PolicyTraining.Pick(referenceChosen, picked), PolicyTraining.Pick(referenceRejected, picked), s.Beta);
                PolicyTraining.Step(optimizer, loss);
                progress?.Report((done + 1.0) / s.MethodSteps);
            }
            if (checkpoints != null) PolicySnapshots.SaveRound(checkpoints, stage + 1, policy);
        }
        policy.Module.Eval();
        return new AlignOutcome(method, policy, null, []);
    }

    /// <summary>The implicit-reward loss of a minibatch of pairs: one forward over chosen and rejected together.</summary>
    public static Tensor PairLoss(ICausalLM policy, int[][] prompts, int[][] chosen, int[][] rejected, float[] referenceChosen, float[] referenceRejected, float beta)
    {
        int n = prompts.Length;
        var both = new int[2 * n][];
        for (int i = 0; i < n; i++) (both[2 * i], both[2 * i + 1]) = (chosen[i], rejected[i]);
        var logProbs = SequenceLogProbs.Compute(policy, CompletionBatch.FromCompletions(prompts, both, samplesPerPrompt: 2)).Total.Reshape(n, 2);
        return ImplicitReward.Loss(logProbs.Slice(1, 0, 1).Reshape(n), logProbs.Slice(1, 1, 2).Reshape(n),
            Tensor.FromArray(referenceChosen, n), Tensor.FromArray(referenceRejected, n), beta);
    }
}
