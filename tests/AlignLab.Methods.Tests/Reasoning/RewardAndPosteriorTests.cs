using AlignLab.Core;
using AlignLab.Methods.Reasoning;
using AlignLab.Models.Llama;
using AlignLab.Models.Policy;
using static AlignLab.Methods.Reasoning.ReasoningVocabulary;

namespace AlignLab.Methods.Tests.Reasoning;

public class RewardAndPosteriorTests
{
    [Fact]
    public void ShapedRewardIsTerminalMinusBetaTimesTheLogRatio()
    {
        Assert.Equal(5 - (-3.0 - -4.5), RationaleReward.Shaped(5, -3.0, -4.5, 1), 12);
        Assert.Equal(-1.2 - 0.5 * (-2.0 - -1.0), RationaleReward.Shaped(-1.2, -2.0, -1.0, 0.5), 12);
        Assert.Equal(0.0, RationaleReward.Shaped(0, -7, -7, 1), 12); // sampler equal to the model: no penalty
    }

    [Fact]
    public void RlooInRewardKlGivesTheAdvantagesOfTheShapedRewards()
    {
        float[] terminal = [5f, 0f, 0f, 5f];
        float[] q = [-2f, -3f, -1f, -4f], p = [-2.5f, -3f, -2f, -3f];
        var loss = Rloo.Loss(Tensor.FromArray(q, 4), terminal, 2, Tensor.FromArray(p, 4), 1f, KlPenalty.InReward);
        var shaped = Enumerable.Range(0, 4).Select(i => (float)RationaleReward.Shaped(terminal[i], q[i], p[i], 1)).ToArray();
        var expected = Rloo.Advantages(shaped, 2);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], loss.Advantages[i], 5);
        // By hand: shaped = [4.5, 0, −1, 6]; advantages = [4.5, −4.5, −7, 7]
        Assert.Equal([4.5f, -4.5f, -7f, 7f], loss.Advantages);
    }

    [Fact]
    public void VerifierTerminalRewardIsEtaOnAcceptedSamplesOnly()
    {
        var problem = new ArithmeticProblem(3, [new ArithmeticStep(ArithmeticOp.Add, 4, "buys")]);
        var batch = CompletionBatch.FromCompletions([problem.Prompt()], [Parse("buys 4 = 7 ; ans 7 <end>"), Parse("buys 4 = 8 ; ans 8 <end>")], 2);
        var model = ReasoningModel.Create(new ReasoningModelSettings(), new Generator(1));
        Assert.Equal([2.5f, 0f], RationaleReward.Terminal(RationaleRewardKind.Verifier, 2.5f, batch, [problem], model));
    }

    [Fact]
    public void LikelihoodRewardIsTheModelsLogProbabilityOfTheGoldAnswerAfterTheRationale()
    {
        var problem = new ArithmeticProblem(3, [new ArithmeticStep(ArithmeticOp.Add, 4, "buys")]);
        var model = ReasoningModel.Create(new ReasoningModelSettings(), new Generator(2));
        var rationale = Parse("buys 4 = 7 ; ans");
        var batch = CompletionBatch.FromCompletions([problem.Prompt()], [rationale, Parse("ans")], 2);
        var reward = RationaleReward.Terminal(RationaleRewardKind.GoldLikelihood, 0f, batch, [problem], model);
        // Brute force: log p(7 | x, z, ans) + log p(<end> | x, z, ans, 7) from full-sequence logits.
        var next = NextTokenLogProbs(model, [.. problem.Prompt(), .. rationale, Number(7), End]);
        double expected = next(3, Number(7)) + next(2, End);
        Assert.Equal(expected, reward[0], 4);
        Assert.True(reward[1] < 0);
    }

    [Fact]
    public void LikelihoodRewardOfARationaleCutBeforeAnyAnsIncludesTheChoiceToAnswer()
    {
        // The token budget ended this sample before "ans": neither Q nor P_θ scored an "ans", so the reward must be
        // log p(ans | x, z) + log p(7 | …, ans) + log p(<end> | …, 7), not the same without its first term.
        var problem = new ArithmeticProblem(3, [new ArithmeticStep(ArithmeticOp.Add, 4, "buys")]);
        var model = ReasoningModel.Create(new ReasoningModelSettings(), new Generator(3));
        var cut = Parse("buys 4 = 7 ;");
        var batch = CompletionBatch.FromCompletions([problem.Prompt()], [cut, Parse("buys 4 = 7 ; ans")], 2);
        var reward = RationaleReward.Terminal(RationaleRewardKind.GoldLikelihood, 0f, batch, [problem], model);
        var next = NextTokenLogProbs(model, [.. problem.Prompt(), .. cut, Answer, Number(7), End]);
        double answerChoice = next(4, Answer);
        double expected = answerChoice + next(3, Number(7)) + next(2, End);
        Assert.Equal(expected, reward[0], 4);
        // The row that did write "ans" scores only the answer after it: the two differ by exactly that choice.
        Assert.Equal(answerChoice, reward[0] - reward[1], 4);
        Assert.True(answerChoice < -1e-3);
    }

    /// <summary>Brute force from one full-sequence forward: (j, id) ↦ log p(id at position n − j + 1 | the tokens before it).</summary>
    private static Func<int, int, double> NextTokenLogProbs(LlamaModel model, int[] seq)
    {
        var logits = model.Logits(new IntTensor(seq, 1, seq.Length)).LogSoftmax(-1).ToArray();
        int v = model.VocabSize, n = seq.Length;
        return (back, id) => logits[(n - back) * v + id];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PsiStepConvergesToTheExactPosteriorOnSixteenRationales(int seed)
    {
        var toy = ExactPosteriorToy.Random(new Generator((ulong)seed));
        var posterior = toy.Posterior();
        Assert.True(ExactPosteriorToy.TotalVariation(toy.Prior, posterior) > 0.2); // the prior is far from the target
        var trace = toy.RunPsiStep(new ToySettings { Steps = 600 }, new Generator((ulong)seed).Fork(5));
        Assert.True(ExactPosteriorToy.TotalVariation(trace[^1].Q, posterior) < 0.02);
    }

    [Fact]
    public void ToyPosteriorIsPriorTimesLikelihoodNormalised()
    {
        var prior = Enumerable.Repeat(1.0 / 16, 16).ToArray();
        var like = Enumerable.Range(0, 16).Select(z => z < 4 ? 1.0 : 0.25).ToArray();
        var post = new ExactPosteriorToy(prior, like).Posterior();
        // 4 rationales of weight 1 and 12 of weight 1/4: total 7.
        Assert.Equal(1 / 7.0, post[0], 12);
        Assert.Equal(0.25 / 7, post[15], 12);
        Assert.Equal(0.5, ExactPosteriorToy.TotalVariation([1.0, 0.0], [0.5, 0.5]), 12);
    }

    [Fact]
    public void WithTheKlTooLooseTheStepOvershootsThePosterior()
    {
        // β = 2 targets P·P(y*|z)^(1/2), a different distribution: the test can fail.
        var toy = ExactPosteriorToy.Random(new Generator(1));
        var trace = toy.RunPsiStep(new ToySettings { Steps = 600, KlCoefficient = 2f }, new Generator(1).Fork(5));
        Assert.True(ExactPosteriorToy.TotalVariation(trace[^1].Q, toy.Posterior()) > 0.05);
        Assert.True(ExactPosteriorToy.TotalVariation(trace[^1].Q, toy.Posterior(2)) < 0.02);
    }
}
