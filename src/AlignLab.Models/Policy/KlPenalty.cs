namespace AlignLab.Models.Policy;

/// <summary>How <see cref="Rloo"/> keeps the policy near a reference, per sequence with d = log π(y) − log π_ref(y).</summary>
public enum KlPenalty
{
    /// <summary>
    /// The simple estimator d, subtracted from the reward before the baseline (r − β·d, no gradient through d), as in
    /// the RLOO paper: the policy gradient is then unbiased for E[r] − β·KL(π ‖ π_ref).
    /// </summary>
    InReward,
    /// <summary>
    /// The k3 estimator exp(−d) + d − 1 (non-negative, unbiased for KL(π ‖ π_ref)) added to the loss with its gradient,
    /// as in GRPO. Its gradient is in expectation that of KL(π_ref ‖ π), the reverse direction.
    /// </summary>
    K3InLoss,
}
