using AlignLab.Core;
using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Generation;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>One held-out completion, as a reader sees it.</summary>
public sealed record ScoredSample(string Prompt, string Completion, double Reward);

/// <summary>
/// A policy judged on the held-out prompts: mean r* and exact-match rate of greedy completions, KL to the SFT model
/// (Monte-Carlo over one temperature-1 sample per prompt: mean log π(y) − log π_SFT(y)), and the held-out pair accuracy
/// of the reward the method defines (see <see cref="RewardAccuracy"/>).
/// </summary>
public sealed record PolicyScore(double TrueReward, double ExactMatch, double KlToSft, double RewardAccuracy, IReadOnlyList<ScoredSample> Samples)
{
    public const int ShownSamples = 5;

    public static PolicyScore Of(AlignOutcome outcome, Foundation foundation, CancellationToken cancel = default)
    {
        var policy = outcome.Policy;
        var heldOut = foundation.Data.HeldOut;
        var prompts = heldOut.Select(p => p.PromptIds).ToArray();
        var (reward, exact, greedy) = Greedy(policy, heldOut, cancel);
        var samples = new List<ScoredSample>();
        for (int i = 0; i < Math.Min(ShownSamples, prompts.Length); i++)
            samples.Add(new ScoredSample(TaskVocabulary.Display(heldOut[i].Prompt), TaskVocabulary.Display(TaskVocabulary.Decode(greedy[i])) + (greedy[i].Contains(TaskVocabulary.Eos) ? "" : " (no end)"),
                TaskJudge.Reward(heldOut[i].Answer, greedy[i])));
        var sampled = PolicyTraining.Generate(policy, prompts, 1f, Foundation.Stream(foundation.Seed, 50), cancel: cancel);
        var lp = PolicyTraining.LogProbs(policy, prompts, sampled);
        var lpSft = PolicyTraining.LogProbs(foundation.Sft, prompts, sampled);
        double kl = 0;
        for (int i = 0; i < lp.Length; i++) kl += lp[i] - lpSft[i];
        var pairs = foundation.HeldOutPairs;
        double accuracy = outcome.Method switch
        {
            AlignMethod.Irl or AlignMethod.IrlStrongReward => RewardsFromDemos.RewardAccuracy.Explicit(outcome.Reward!, pairs),
            AlignMethod.Sft => RewardsFromDemos.RewardAccuracy.Likelihood(policy, pairs),
            _ => RewardsFromDemos.RewardAccuracy.Implicit(policy, foundation.Sft, foundation.Settings.Beta, pairs),
        };
        return new PolicyScore(reward, exact, kl / lp.Length, accuracy, samples);
    }

    /// <summary>Mean r* and exact-match rate of greedy completions of <paramref name="problems"/>, and the completions.</summary>
    public static (double Reward, double ExactMatch, int[][] Completions) Greedy(ICausalLM policy, IReadOnlyList<TaskProblem> problems, CancellationToken cancel = default)
    {
        var greedy = PolicyTraining.Generate(policy, problems.Select(p => p.PromptIds).ToArray(), 0f, new Generator(0), cancel: cancel);
        double reward = 0, exact = 0;
        for (int i = 0; i < greedy.Length; i++)
        {
            double r = TaskJudge.Reward(problems[i].Answer, greedy[i]);
            reward += r;
            if (r == 1) exact++;
        }
        return (reward / greedy.Length, exact / greedy.Length, greedy);
    }

    /// <summary>The SFT starting point itself, scored the same way (its reward is its per-token likelihood).</summary>
    public static PolicyScore OfSft(Foundation foundation, CancellationToken cancel = default) =>
        Of(new AlignOutcome(AlignMethod.Sft, foundation.Sft, null, []), foundation, cancel);
}
