namespace AlignLab.Methods.Reasoning.Experiments;

/// <summary>
/// One arm of the accuracy-by-level experiment: a method with its switches, applied to the settings every arm shares.
/// </summary>
/// <param name="Key">Prefix of the arm's metrics.</param>
/// <param name="PsiStepsMultiplier">Runs this many times the shared ψ-step's RLOO updates (same batch per update, so more samples).</param>
/// <param name="RejectionSamplesPerProblem">Rejection sampling's samples per problem when not the shared setting (to match a larger BRiTE budget).</param>
public sealed record ReasoningArm(string Name, string Key, ReasoningMethod Method, RationaleRewardKind Reward = RationaleRewardKind.Verifier,
    int PsiStepsMultiplier = 1, ThetaStepFilter Filter = ThetaStepFilter.AllSamples, int? RejectionSamplesPerProblem = null)
{
    public bool IsBriteVerifier => Method == ReasoningMethod.Brite && Reward == RationaleRewardKind.Verifier;

    public ReasoningRunSettings Apply(ReasoningRunSettings shared)
    {
        var psi = shared.Brite.Psi;
        if (PsiStepsMultiplier < 1) throw new ArgumentException($"arm '{Name}': PsiStepsMultiplier must be at least 1, got {PsiStepsMultiplier}");
        psi = psi with { Reward = Reward, Steps = psi.Steps * PsiStepsMultiplier };
        var rejection = RejectionSamplesPerProblem is int n ? shared.Rejection with { SamplesPerProblem = n } : shared.Rejection;
        return shared with { Method = Method, Rejection = rejection, Brite = shared.Brite with { Psi = psi, Filter = Filter } };
    }

    /// <summary>Samples per iteration the arm draws for training (0 for the fine-tuning baselines).</summary>
    public int Budget(ReasoningRunSettings shared, int bootstrapProblems) => Apply(shared).SamplesPerIteration(bootstrapProblems);

    /// <summary>
    /// The rejection-sampling arm that draws as many samples per iteration as <paramref name="brite"/>: what BRiTE is
    /// compared with. Throws, naming the arm, when there is none, so no comparison runs at an unmatched budget.
    /// </summary>
    public static int MatchedRejection(IReadOnlyList<ReasoningArm> arms, int brite, ReasoningRunSettings shared, int bootstrapProblems)
    {
        int budget = arms[brite].Budget(shared, bootstrapProblems);
        for (int a = 0; a < arms.Count; a++)
            if (arms[a].Method == ReasoningMethod.Rejection && arms[a].Budget(shared, bootstrapProblems) == budget) return a;
        throw new ArgumentException($"arm '{arms[brite].Name}' draws {budget} samples per iteration and no rejection-sampling arm draws as many: the sample budget must be matched");
    }

    /// <summary>Throws unless every BRiTE arm has a rejection-sampling arm at the same sample budget.</summary>
    public static void CheckMatchedBudget(IReadOnlyList<ReasoningArm> arms, ReasoningRunSettings shared, int bootstrapProblems)
    {
        for (int a = 0; a < arms.Count; a++)
            if (arms[a].Method == ReasoningMethod.Brite) MatchedRejection(arms, a, shared, bootstrapProblems);
    }
}
