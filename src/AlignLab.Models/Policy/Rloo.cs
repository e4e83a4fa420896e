using AlignLab.Core;

namespace AlignLab.Models.Policy;

/// <summary>The REINFORCE loss with a leave-one-out baseline and the numbers behind it.</summary>
/// <param name="Loss">Scalar to minimise.</param>
/// <param name="Advantages">Per sequence, after any in-reward KL shaping.</param>
/// <param name="Kl">Per sequence: log π − log π_ref (the simple estimator) whatever the penalty, or empty without a reference.</param>
public sealed record RlooLoss(Tensor Loss, float[] Advantages, float[] Kl);

/// <summary>
/// REINFORCE Leave-One-Out (Kool et al. 2019; Ahmadian et al. 2024): k samples per prompt, each sample's baseline the
/// mean reward of the prompt's other k − 1 samples, so the baseline is independent of the sample and the gradient
/// stays unbiased. Rows are grouped by prompt as in <see cref="CompletionBatch"/>.
/// </summary>
public static class Rloo
{
    /// <summary>A_i = r_i − mean of the other k − 1 rewards of the same prompt, i.e. k/(k−1)·(r_i − group mean).</summary>
    public static float[] Advantages(IReadOnlyList<float> rewards, int samplesPerPrompt)
    {
        int k = samplesPerPrompt;
        if (k < 2) throw new ArgumentException($"samplesPerPrompt must be at least 2 for a leave-one-out baseline, got {k}");
        if (rewards.Count == 0 || rewards.Count % k != 0)
            throw new ArgumentException($"rewards: {rewards.Count} values are not whole groups of {k} samples per prompt");
        var advantages = new float[rewards.Count];
        for (int g = 0; g < rewards.Count; g += k)
        {
            double sum = 0;
            for (int i = g; i < g + k; i++)
            {
                if (!float.IsFinite(rewards[i])) throw new ArgumentException($"rewards: value {rewards[i]} at {i} is not finite");
                sum += rewards[i];
            }
            for (int i = g; i < g + k; i++) advantages[i] = (float)(rewards[i] - (sum - rewards[i]) / (k - 1));
        }
        return advantages;
    }

    /// <summary>
    /// −mean_i(A_i · log π(y_i)) over the batch, with the KL penalty β toward <paramref name="referenceLogProbs"/>
    /// (sequence log-probs under the reference, e.g. <see cref="SequenceLogProbs.Total"/> computed without grad).
    /// </summary>
    /// <param name="logProbs">[B] sequence log-probs under the policy, on the graph.</param>
    public static RlooLoss Loss(Tensor logProbs, IReadOnlyList<float> rewards, int samplesPerPrompt,
        Tensor? referenceLogProbs = null, float beta = 0f, KlPenalty penalty = KlPenalty.InReward)
    {
        if (logProbs.Rank != 1 || logProbs.Numel != rewards.Count)
            throw new ArgumentException($"logProbs: expected [{rewards.Count}] (one per reward), got {ShapeUtil.Format(logProbs.Shape)}");
        if (beta < 0 || !float.IsFinite(beta)) throw new ArgumentException($"beta must be finite and >= 0, got {beta}");
        if (beta > 0 && referenceLogProbs == null) throw new ArgumentException("referenceLogProbs: a KL penalty (beta > 0) needs the reference's log-probs");
        if (referenceLogProbs != null && (referenceLogProbs.Rank != 1 || referenceLogProbs.Numel != rewards.Count))
            throw new ArgumentException($"referenceLogProbs: expected [{rewards.Count}], got {ShapeUtil.Format(referenceLogProbs.Shape)}");
        var policy = logProbs.Detach().ToArray();
        var kl = new float[referenceLogProbs == null ? 0 : rewards.Count];
        if (referenceLogProbs != null)
        {
            var reference = referenceLogProbs.Detach().ToArray();
            for (int i = 0; i < kl.Length; i++) kl[i] = policy[i] - reference[i];
        }
        var shaped = rewards.ToArray();
        if (beta > 0 && penalty == KlPenalty.InReward)
            for (int i = 0; i < shaped.Length; i++) shaped[i] -= beta * kl[i];
        var advantages = Advantages(shaped, samplesPerPrompt);
        var loss = -(logProbs * Tensor.FromArray(advantages, advantages.Length)).Mean();
        if (beta > 0 && penalty == KlPenalty.K3InLoss)
        {
            // d = log π_ref − log π; exp(d) − d − 1 ≥ 0 with gradient (1 − π_ref/π)·∇log π.
            var d = referenceLogProbs!.Detach() - logProbs;
            loss = loss + beta * (d.Exp() - d - 1f).Mean();
        }
        return new RlooLoss(loss, advantages, kl);
    }
}
