using AlignLab.Core;

namespace AlignLab.Models.Policy;

/// <summary>The Bradley–Terry preference model: P(chosen ≻ rejected) = σ(r_chosen − r_rejected).</summary>
public static class BradleyTerry
{
    /// <summary>
    /// mean over pairs of −log σ(r_chosen − r_rejected). Computed as log(e⁰ + e^−x), whose log-sum-exp stays finite for
    /// any margin and whose gradient −σ(−x) is smooth through x = 0.
    /// </summary>
    public static Tensor Loss(Tensor chosen, Tensor rejected)
    {
        if (chosen.Rank != 1 || !chosen.Shape.SequenceEqual(rejected.Shape) || chosen.Numel == 0)
            throw new ArgumentException($"chosen and rejected must be equal non-empty [pairs] vectors, got {ShapeUtil.Format(chosen.Shape)} and {ShapeUtil.Format(rejected.Shape)}");
        var negativeMargin = rejected - chosen;
        return Tensor.Stack([Tensor.ZerosLike(negativeMargin), negativeMargin], 1).LogSumExp(1).Mean();
    }

    /// <summary>Fraction of pairs whose chosen reward is strictly higher (ties count as wrong).</summary>
    public static double Accuracy(IReadOnlyList<float> chosen, IReadOnlyList<float> rejected)
    {
        if (chosen.Count != rejected.Count || chosen.Count == 0)
            throw new ArgumentException($"chosen and rejected must be equal non-empty lists, got {chosen.Count} and {rejected.Count}");
        int right = 0;
        for (int i = 0; i < chosen.Count; i++) if (chosen[i] > rejected[i]) right++;
        return (double)right / chosen.Count;
    }
}
