using AlignLab.Models.Policy;

namespace AlignLab.Methods.Reasoning;

/// <summary>
/// What BRiTE's θ-step trains on: completions of the trained sampler Q_ψ. The M-step maximises
/// E_{(z, y) ~ Q_ψ} log P_θ(z, y | x), so every sample is an example (<see cref="ThetaStepFilter.AllSamples"/>);
/// <see cref="ThetaStepFilter.VerifiedOnly"/> keeps only those that reach the gold answer.
/// </summary>
public static class ThetaStepData
{
    /// <summary>
    /// The θ-step example of one sampler completion and whether it reaches the gold answer. With the verifier reward
    /// the completion is trained on as written and "correct" is the verifier's verdict. With the likelihood reward the
    /// sampler writes only the rationale (it stops at "ans"), the target is the posterior over rationales given the
    /// gold answer, so the gold answer is appended; "correct" then asks whether the rationale's last value is that answer.
    /// </summary>
    public static (SupervisedExample Example, bool Correct) FromSample(int[] completion, ArithmeticProblem problem, RationaleRewardKind reward)
    {
        if (reward == RationaleRewardKind.Verifier)
            return (new SupervisedExample(problem.Prompt(), completion), AnswerVerifier.IsCorrect(completion, problem));
        var rationale = AnswerVerifier.Rationale(completion);
        return (new SupervisedExample(problem.Prompt(), [.. rationale, .. problem.AnswerTail()]), AnswerVerifier.FinalValue(rationale) == problem.Answer);
    }

    /// <summary>
    /// Adds the examples <paramref name="filter"/> keeps from <paramref name="batch"/>, whose prompt p is
    /// <paramref name="problems"/>[<paramref name="start"/> + p], to <paramref name="examples"/>, and counts the correct
    /// samples per problem in <paramref name="correct"/> and, of those, the ones whose rationale is the gold one in
    /// <paramref name="sound"/> (both indexed like <paramref name="problems"/>).
    /// </summary>
    public static void Add(CompletionBatch batch, IReadOnlyList<ArithmeticProblem> problems, int start, RationaleRewardKind reward,
        ThetaStepFilter filter, List<SupervisedExample> examples, int[] correct, int[] sound)
    {
        for (int r = 0; r < batch.Rows; r++)
        {
            int i = start + batch.PromptOf(r);
            var (example, ok) = FromSample(batch.Completions[r], problems[i], reward);
            if (ok)
            {
                correct[i]++;
                if (AnswerVerifier.HasGoldRationale(batch.Completions[r], problems[i])) sound[i]++;
            }
            if (filter == ThetaStepFilter.AllSamples || ok) examples.Add(example);
        }
    }
}
