using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// Held-out pair accuracy of a reward: the fraction of judge-labelled pairs whose chosen completion scores strictly
/// higher. Explicit for the IRL reward model; β·log π/π_ref for the implicit-reward methods; the per-token
/// log-likelihood for a plain language model (the baseline a demonstration-trained model offers).
/// </summary>
public static class RewardAccuracy
{
    public static double Explicit(RewardModel reward, IReadOnlyList<PreferencePair> pairs)
    {
        var prompts = pairs.Select(p => p.Problem.PromptIds).ToArray();
        return BradleyTerry.Accuracy(reward.Score(prompts, pairs.Select(p => p.Chosen).ToArray()), reward.Score(prompts, pairs.Select(p => p.Rejected).ToArray()));
    }

    public static double Implicit(ICausalLM policy, ICausalLM reference, float beta, IReadOnlyList<PreferencePair> pairs)
    {
        var prompts = pairs.Select(p => p.Problem.PromptIds).ToArray();
        var chosen = pairs.Select(p => p.Chosen).ToArray();
        var rejected = pairs.Select(p => p.Rejected).ToArray();
        return BradleyTerry.Accuracy(
            ImplicitReward.Rewards(PolicyTraining.LogProbs(policy, prompts, chosen), PolicyTraining.LogProbs(reference, prompts, chosen), beta),
            ImplicitReward.Rewards(PolicyTraining.LogProbs(policy, prompts, rejected), PolicyTraining.LogProbs(reference, prompts, rejected), beta));
    }

    public static double Likelihood(ICausalLM model, IReadOnlyList<PreferencePair> pairs)
    {
        var prompts = pairs.Select(p => p.Problem.PromptIds).ToArray();
        var chosen = pairs.Select(p => p.Chosen).ToArray();
        var rejected = pairs.Select(p => p.Rejected).ToArray();
        return BradleyTerry.Accuracy(PerToken(PolicyTraining.LogProbs(model, prompts, chosen), chosen), PerToken(PolicyTraining.LogProbs(model, prompts, rejected), rejected));
    }

    private static float[] PerToken(float[] total, int[][] completions)
    {
        var r = new float[total.Length];
        for (int i = 0; i < r.Length; i++) r[i] = total[i] / Math.Max(1, completions[i].Length);
        return r;
    }
}
