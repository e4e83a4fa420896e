using AlignLab.Core;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// The implicit reward r(x, y) = β·log π(y|x)/π_ref(y|x) and its Bradley–Terry loss
/// −log σ(r(x, y_w) − r(x, y_l)): DPO's loss, and SPIN's and IRFT's with the demonstration as y_w and the model's own
/// sample as y_l (the π_θ of the IRL lower level is then the optimal policy of its own reward).
/// </summary>
public static class ImplicitReward
{
    /// <param name="chosen">[pairs] log π(y_w) on the graph.</param>
    /// <param name="referenceChosen">[pairs] log π_ref(y_w), no gradient.</param>
    public static Tensor Loss(Tensor chosen, Tensor rejected, Tensor referenceChosen, Tensor referenceRejected, float beta)
    {
        if (!(beta > 0 && float.IsFinite(beta))) throw new ArgumentException($"beta must be positive and finite, got {beta}");
        return BradleyTerry.Loss((chosen - referenceChosen.Detach()) * beta, (rejected - referenceRejected.Detach()) * beta);
    }

    /// <summary>β·(log π − log π_ref) element-wise.</summary>
    public static float[] Rewards(IReadOnlyList<float> policy, IReadOnlyList<float> reference, float beta)
    {
        if (policy.Count != reference.Count) throw new ArgumentException($"policy and reference: {policy.Count} vs {reference.Count} log-probs");
        var r = new float[policy.Count];
        for (int i = 0; i < r.Length; i++) r[i] = beta * (policy[i] - reference[i]);
        return r;
    }
}
