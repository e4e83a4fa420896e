using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// Explicit-reward IRL from demonstrations, in rounds: (a) the current policy samples one completion per demonstration
/// prompt (the stronger-reward arm: several); (b) the pairs (demonstration ≻ own sample) join those of earlier rounds,
/// except samples equal to their demonstration, which carry no gradient; (c) a reward model initialised from the SFT
/// model is trained by Bradley–Terry on all pairs so far, then shifted so the demonstrations score 0 on average and
/// scaled to unit spread over the demonstrations and this round's own samples; (d) the policy takes its share of the
/// steps of RLOO against the reward, with a KL penalty toward the round's starting policy (a proximal step, as the
/// released code re-anchors PPO's reference every round). Completions that never stop get reward −1. PPO is replaced
/// by RLOO for cost.
/// </summary>
public static class DemonstrationIrl
{
    public static AlignOutcome Run(Foundation foundation, IProgress<double>? progress, CancellationToken cancel, string? checkpoints = null, bool strongReward = false)
    {
        var s = foundation.Settings;
        var method = strongReward ? AlignMethod.IrlStrongReward : AlignMethod.Irl;
        var random = Foundation.Stream(foundation.Seed, 100 + (ulong)method);
        int negativesPerDemo = strongReward ? s.StrongRewardNegatives : 1;
        int rewardSteps = strongReward ? s.RewardSteps * s.StrongRewardStepFactor : s.RewardSteps;
        var policy = PolicySnapshots.Clone(foundation.Sft);
        var prompts = foundation.DemoPrompts;
        var demos = foundation.Data.Demonstrations;
        var pairPrompts = new List<int[]>();
        var chosen = new List<int[]>();
        var rejected = new List<int[]>();
        var accuracy = new List<double>();
        var optimizer = PolicyTraining.Optimizer(policy, s.MethodLearningRate);
        int promptsPerStep = s.Batch / s.Samples, done = 0;
        RewardModel? reward = null;
        var heldOut = foundation.HeldOutPairs;
        for (int round = 0; round < s.Rounds; round++)
        {
            var roundRandom = random.Fork((ulong)round + 1);
            policy.Module.Eval();
            var roundPrompts = Repeat(prompts, negativesPerDemo);
            var roundDemos = Repeat(demos, negativesPerDemo);
            var negatives = PolicyTraining.Generate(policy, roundPrompts, s.PairTemperature, roundRandom.Fork(1), cancel: cancel);
            foreach (int i in InformativePairs.Indices(roundDemos, negatives))
            {
                pairPrompts.Add(roundPrompts[i]);
                chosen.Add(roundDemos[i]);
                rejected.Add(negatives[i]);
            }
            reward = new RewardModel(foundation.Sft, roundRandom.Fork(2));
            if (pairPrompts.Count > 0) reward.Train(pairPrompts, chosen, rejected, rewardSteps, s.Batch, s.RewardLearningRate, roundRandom.Fork(3), cancel);
            reward.Standardize(prompts, demos, roundPrompts, negatives);
            accuracy.Add(RewardAccuracy.Explicit(reward, heldOut));

            var reference = PolicySnapshots.Clone(policy);
            int steps = (int)((long)s.MethodSteps * (round + 1) / s.Rounds) - (int)((long)s.MethodSteps * round / s.Rounds);
            var stepRandom = roundRandom.Fork(4);
            for (int step = 0; step < steps; step++, done++)
            {
                cancel.ThrowIfCancellationRequested();
                var picked = PolicyTraining.Pick(prompts, PolicyTraining.Minibatch(stepRandom, prompts.Length, promptsPerStep));
                policy.Module.Eval();
                var batch = CompletionBatch.Sample(policy, picked, s.Samples, PolicyTraining.Options(1f), stepRandom, cancel);
                var scores = reward.Score(Enumerable.Range(0, batch.Rows).Select(r => picked[batch.PromptOf(r)]).ToArray(), batch.Completions);
                for (int r = 0; r < scores.Length; r++) if (!batch.Stopped[r]) scores[r] = -1f;
                Core.Tensor referenceLogProbs;
                using (Core.GradMode.NoGrad()) referenceLogProbs = SequenceLogProbs.Compute(reference, batch).Total;
                policy.Module.Train();
                var loss = Rloo.Loss(SequenceLogProbs.Compute(policy, batch).Total, scores, s.Samples, referenceLogProbs, s.KlBeta, KlPenalty.InReward).Loss;
                PolicyTraining.Step(optimizer, loss);
                progress?.Report((done + 1.0) / s.MethodSteps);
            }
            if (checkpoints != null)
                PolicySnapshots.SaveRound(checkpoints, round + 1, policy, new Dictionary<string, Core.Modules.Module> { ["reward_head"] = reward.Head });
        }
        policy.Module.Eval();
        return new AlignOutcome(method, policy, reward, accuracy);
    }

    /// <summary>Each item <paramref name="times"/> times in a row.</summary>
    private static int[][] Repeat(IReadOnlyList<int[]> items, int times)
    {
        var result = new int[items.Count * times][];
        for (int i = 0; i < result.Length; i++) result[i] = items[i / times];
        return result;
    }
}
