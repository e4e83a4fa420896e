using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// Explicit-reward IRL from demonstrations, in rounds: (a) the current policy samples one completion per demonstration
/// prompt; (b) the pairs (demonstration ≻ own sample) join those of earlier rounds; (c) a reward model initialised from
/// the SFT model is trained by Bradley–Terry on all pairs so far and standardised on the demonstrations; (d) the policy
/// takes its share of the steps of RLOO against the reward, with a KL penalty toward the round's starting policy (a
/// proximal step, as the released code re-anchors PPO's reference every round). Completions that never stop get
/// reward −1. PPO is replaced by RLOO for cost.
/// </summary>
public static class DemonstrationIrl
{
    public static AlignOutcome Run(Foundation foundation, IProgress<double>? progress, CancellationToken cancel, string? checkpoints = null)
    {
        var s = foundation.Settings;
        var random = Foundation.Stream(foundation.Seed, 100 + (ulong)AlignMethod.Irl);
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
            var negatives = PolicyTraining.Generate(policy, prompts, s.PairTemperature, roundRandom.Fork(1), cancel: cancel);
            pairPrompts.AddRange(prompts);
            chosen.AddRange(demos);
            rejected.AddRange(negatives);
            reward = new RewardModel(foundation.Sft, roundRandom.Fork(2));
            reward.Train(pairPrompts, chosen, rejected, s.RewardSteps, s.Batch, s.RewardLearningRate, roundRandom.Fork(3), cancel);
            reward.Standardize(prompts, demos);
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
        return new AlignOutcome(AlignMethod.Irl, policy, reward, accuracy);
    }
}
