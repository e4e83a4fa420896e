using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// The reference point that sees real preferences: the SFT model samples k completions of every demonstration prompt
/// (temperature 1), the exact judge labels the best ≻ the worst (prompts whose samples all score the same give no
/// pair), and DPO trains on these pairs with the SFT model as the reference. It never sees the demonstrations.
/// </summary>
public static class OraclePreferenceDpo
{
    public static AlignOutcome Run(Foundation foundation, IProgress<double>? progress, CancellationToken cancel)
    {
        var s = foundation.Settings;
        var random = Foundation.Stream(foundation.Seed, 100 + (ulong)AlignMethod.Dpo);
        var policy = PolicySnapshots.Clone(foundation.Sft);
        var problems = foundation.Data.DemonstrationProblems;
        var prompts = foundation.DemoPrompts;
        var sampled = CompletionBatch.Sample(policy, prompts, s.Samples, PolicyTraining.Options(1f), random.Fork(1), cancel);
        var pairPrompts = new List<int[]>();
        var chosen = new List<int[]>();
        var rejected = new List<int[]>();
        for (int p = 0; p < prompts.Length; p++)
        {
            int best = -1, worst = -1;
            double bestReward = double.NegativeInfinity, worstReward = double.PositiveInfinity;
            for (int j = 0; j < s.Samples; j++)
            {
                var completion = sampled.Completions[p * s.Samples + j];
                double r = TaskJudge.Reward(problems[p].Answer, completion);
                if (r > bestReward) (best, bestReward) = (j, r);
                if (r < worstReward) (worst, worstReward) = (j, r);
            }
            if (bestReward == worstReward) continue;
            pairPrompts.Add(prompts[p]);
            chosen.Add(sampled.Completions[p * s.Samples + best].ToArray());
            rejected.Add(sampled.Completions[p * s.Samples + worst].ToArray());
        }
        if (pairPrompts.Count == 0) throw new InvalidOperationException("oracle DPO: every prompt's samples scored the same; no preference pair");
        var referenceChosen = PolicyTraining.LogProbs(policy, pairPrompts, chosen);
        var referenceRejected = PolicyTraining.LogProbs(policy, pairPrompts, rejected);
        var optimizer = PolicyTraining.Optimizer(policy, s.MethodLearningRate);
        policy.Module.Train();
        for (int step = 0; step < s.MethodSteps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var picked = PolicyTraining.Minibatch(random, pairPrompts.Count, s.Batch);
            var loss = SelfPlay.PairLoss(policy, PolicyTraining.Pick(pairPrompts, picked), PolicyTraining.Pick(chosen, picked), PolicyTraining.Pick(rejected, picked),
                PolicyTraining.Pick(referenceChosen, picked), PolicyTraining.Pick(referenceRejected, picked), s.Beta);
            PolicyTraining.Step(optimizer, loss);
            progress?.Report((step + 1.0) / s.MethodSteps);
        }
        policy.Module.Eval();
        return new AlignOutcome(AlignMethod.Dpo, policy, null, []);
    }
}
