using AlignLab.Core;
using AlignLab.Models.Llama;
using AlignLab.Models.Policy;
using static AlignLab.Methods.Reasoning.ReasoningVocabulary;

namespace AlignLab.Methods.Reasoning;

/// <summary>The terminal reward log P(o | x, z, y) of the rationale sampler.</summary>
public enum RationaleRewardKind
{
    /// <summary>η·1{the verifier accepts the sampled answer}: P(o = good | x, z, y) ∝ exp(η·correct).</summary>
    Verifier,
    /// <summary>
    /// log P_θ(y* | x, z): the current model's log-likelihood of the gold answer after the sampled rationale, teacher
    /// forced. It needs the gold answer but no verifier, and it is graded even when no sample is right.
    /// </summary>
    GoldLikelihood,
}

/// <summary>
/// The shaped reward of the rationale sampler Q_ψ. Maximising E_Q[R(z)] − β·KL(Q ‖ P_θ) over Q has the optimum
/// Q*(z) ∝ P_θ(z)·exp(R(z)/β); with β = 1 and R = log P(o | z) that is the posterior P_θ(z | o). Per sample the
/// quantity RLOO sees is R(z) − β·(log Q(z) − log P_θ(z)): the terminal reward plus the token-level rewards
/// log P_θ(a_h | ·) and the entropy bonus −log Q(a_h | ·) summed over the sampled tokens.
/// </summary>
public static class RationaleReward
{
    /// <summary>R(z) − β·(log Q(z) − log P_θ(z)) for one sample.</summary>
    public static double Shaped(double terminal, double samplerLogProb, double modelLogProb, double klCoefficient) =>
        terminal - klCoefficient * (samplerLogProb - modelLogProb);

    /// <summary>
    /// Terminal rewards of a batch of sampled completions (rows grouped by problem, as sampled). For
    /// <see cref="RationaleRewardKind.GoldLikelihood"/> the completions are rationales cut at "ans" and
    /// <paramref name="model"/> (the current P_θ, not the sampler) scores the gold answer after them.
    /// </summary>
    public static float[] Terminal(RationaleRewardKind kind, float eta, CompletionBatch batch, IReadOnlyList<ArithmeticProblem> problems, LlamaModel model)
    {
        var rewards = new float[batch.Rows];
        if (kind == RationaleRewardKind.Verifier)
        {
            for (int r = 0; r < batch.Rows; r++)
                rewards[r] = AnswerVerifier.IsCorrect(batch.Completions[r], problems[batch.PromptOf(r)]) ? eta : 0f;
            return rewards;
        }
        return GoldAnswerLogLikelihood(model, batch, problems);
    }

    /// <summary>
    /// log P_θ(y* | x, z) per row, teacher forced. A row that ends in "ans" (the sampler's stop) scores "n* &lt;end&gt;"
    /// after it. A row the token budget cut before any "ans" never chose to answer, and neither Q's nor P_θ's
    /// log-probability of it includes that choice, so its reward scores "ans n* &lt;end&gt;": the probability that the model
    /// answers y* right there. (Appending an unsampled "ans" to the prompt instead would hand those rows the log P_θ(ans | x, z)
    /// they never earned.)
    /// </summary>
    public static float[] GoldAnswerLogLikelihood(LlamaModel model, CompletionBatch batch, IReadOnlyList<ArithmeticProblem> problems)
    {
        var prompts = new int[batch.Rows][];
        var answers = new int[batch.Rows][];
        for (int r = 0; r < batch.Rows; r++)
        {
            var problem = problems[batch.PromptOf(r)];
            var completion = batch.Completions[r];
            int at = Array.IndexOf(completion, Answer);
            prompts[r] = at >= 0 ? [.. problem.Prompt(), .. completion.AsSpan(0, at + 1)] : [.. problem.Prompt(), .. completion];
            answers[r] = at >= 0 ? [Number(problem.Answer), End] : [Answer, Number(problem.Answer), End];
        }
        using var _ = GradMode.NoGrad();
        model.Eval();
        return SequenceLogProbs.Compute(model, CompletionBatch.FromCompletions(prompts, answers)).Total.ToArray();
    }
}
