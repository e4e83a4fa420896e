using AlignLab.Core;
using AlignLab.Models.Policy;

namespace AlignLab.Models.Tests.Policy;

public class RlooTests
{
    [Fact]
    public void AdvantageIsTheRewardMinusTheMeanOfTheOtherSamplesOfItsPrompt()
    {
        var a = Rloo.Advantages([1f, 2f, 3f, 10f, 10f, 10f], samplesPerPrompt: 3);
        // Prompt 0: 1 − (2+3)/2, 2 − (1+3)/2, 3 − (1+2)/2; prompt 1: all equal, no signal.
        Assert.Equal([-1.5f, 0f, 1.5f, 0f, 0f, 0f], a);
        Assert.Equal([-4f, 4f], Rloo.Advantages([0f, 4f], 2));
    }

    [Fact]
    public void LossIsMinusTheMeanOfAdvantageTimesLogProbAndOnlyLogProbsCarryGradient()
    {
        var logp = Tensor.FromArray([-1f, -2f, -0.5f, -3f], 4).RequireGrad();
        var result = Rloo.Loss(logp, [1f, 0f, 2f, 2f], samplesPerPrompt: 2);
        // A = [1, −1, 0, 0]; loss = −(1·(−1) + (−1)·(−2)) / 4 = −0.25
        Assert.Equal([1f, -1f, 0f, 0f], result.Advantages);
        Assert.Equal(-0.25f, result.Loss.Item(), 6);
        Assert.Empty(result.Kl);
        result.Loss.Backward();
        Assert.Equal([-0.25f, 0.25f, 0f, 0f], logp.Grad!.ToArray());
    }

    [Fact]
    public void InRewardPenaltyShapesTheRewardBeforeTheBaselineWithoutAGradientOfItsOwn()
    {
        var logp = Tensor.FromArray([-1f, -2f], 2).RequireGrad();
        var reference = Tensor.FromArray([-1.5f, -1f], 2);
        var result = Rloo.Loss(logp, [1f, 0f], 2, reference, beta: 0.5f, KlPenalty.InReward);
        // d = [0.5, −1]; shaped r = [1 − 0.25, 0 + 0.5] = [0.75, 0.5]; A = [0.25, −0.25]
        Assert.Equal([0.5f, -1f], result.Kl);
        Assert.Equal(0.25f, result.Advantages[0], 6);
        Assert.Equal(-0.25f, result.Advantages[1], 6);
        // loss = −(0.25·(−1) + (−0.25)·(−2)) / 2 = −0.125
        Assert.Equal(-0.125f, result.Loss.Item(), 6);
        result.Loss.Backward();
        var g = logp.Grad!.ToArray();
        Assert.Equal(-0.125f, g[0], 6);
        Assert.Equal(0.125f, g[1], 6);
    }

    [Fact]
    public void K3PenaltyAddsBetaTimesTheMeanK3EstimateWithItsGradient()
    {
        var logp = Tensor.FromArray([-1f, -2f], 2).RequireGrad();
        var reference = Tensor.FromArray([-1.5f, -1f], 2);
        var result = Rloo.Loss(logp, [1f, 0f], 2, reference, beta: 0.5f, KlPenalty.K3InLoss);
        // A = [1, −1] (rewards unshaped); pg = −(1·(−1) + (−1)·(−2)) / 2 = −0.5
        // e = ref − logp = [−0.5, 1]; k3 = exp(e) − e − 1 = [e^−0.5 − 0.5, e − 2]
        double k3 = (Math.Exp(-0.5) - 0.5 + Math.E - 2) / 2;
        Assert.Equal([1f, -1f], result.Advantages);
        Assert.Equal(-0.5 + 0.5 * k3, result.Loss.Item(), 5);
        result.Loss.Backward();
        // ∂/∂logp_i = −A_i/2 + β·(1 − exp(e_i))/2
        var g = logp.Grad!.ToArray();
        Assert.Equal(-0.5 + 0.25 * (1 - Math.Exp(-0.5)), g[0], 5);
        Assert.Equal(0.5 + 0.25 * (1 - Math.E), g[1], 5);
    }

    /// <summary>
    /// A two-armed bandit with a softmax policy: the average RLOO gradient over many groups matches the exact
    /// gradient of E[r] − β·KL(π ‖ π_ref), which only an unbiased estimator does.
    /// </summary>
    [Theory]
    [InlineData(0f)]
    [InlineData(0.7f)]
    public void GradientIsUnbiasedOnATwoArmedBandit(float beta)
    {
        double[] theta = [0.3, -0.2], reward = [1.0, 0.2], refProbs = [0.2, 0.8];
        double z = Math.Exp(theta[0]) + Math.Exp(theta[1]);
        double[] pi = [Math.Exp(theta[0]) / z, Math.Exp(theta[1]) / z];
        // ∂E[r]/∂θ_j = π_j (r_j − E[r]); ∂KL/∂θ_j = π_j (l_j − KL) with l = log π − log π_ref.
        double meanReward = pi[0] * reward[0] + pi[1] * reward[1];
        double[] l = [Math.Log(pi[0] / refProbs[0]), Math.Log(pi[1] / refProbs[1])];
        double kl = pi[0] * l[0] + pi[1] * l[1];
        var exact = Enumerable.Range(0, 2).Select(j => pi[j] * (reward[j] - meanReward) - beta * pi[j] * (l[j] - kl)).ToArray();

        const int k = 4, groups = 20000;
        var generator = new Generator(2024);
        var arms = new int[k * groups];
        for (int i = 0; i < arms.Length; i++) arms[i] = generator.NextDouble() < pi[0] ? 0 : 1;
        // Noisy rewards, so the baseline has variance to remove.
        var rewards = arms.Select(a => (float)(reward[a] + (generator.NextDouble() - 0.5))).ToArray();
        var logits = Tensor.FromArray([(float)theta[0], (float)theta[1]], 2).RequireGrad();
        var logp = logits.LogSoftmax(0).Gather(0, new IntTensor(arms, arms.Length));
        var reference = Tensor.FromArray(arms.Select(a => (float)Math.Log(refProbs[a])).ToArray(), arms.Length);
        Rloo.Loss(logp, rewards, k, reference, beta).Loss.Backward();
        var estimate = logits.Grad!.ToArray();
        for (int j = 0; j < 2; j++)
            Assert.True(Math.Abs(-estimate[j] - exact[j]) < 0.01, $"arm {j}: estimate {-estimate[j]} vs exact {exact[j]}");
    }

    [Fact]
    public void BadInputNamesTheField()
    {
        var logp = Tensor.FromArray([-1f, -2f], 2);
        Assert.Contains("samplesPerPrompt", Assert.Throws<ArgumentException>(() => Rloo.Advantages([1f, 2f], 1)).Message);
        Assert.Contains("rewards", Assert.Throws<ArgumentException>(() => Rloo.Advantages([1f, 2f, 3f], 2)).Message);
        Assert.Contains("rewards", Assert.Throws<ArgumentException>(() => Rloo.Advantages([1f, float.NaN], 2)).Message);
        Assert.Contains("logProbs", Assert.Throws<ArgumentException>(() => Rloo.Loss(logp, [1f, 2f, 3f, 4f], 2)).Message);
        Assert.Contains("referenceLogProbs", Assert.Throws<ArgumentException>(() => Rloo.Loss(logp, [1f, 2f], 2, beta: 0.1f)).Message);
        Assert.Contains("beta", Assert.Throws<ArgumentException>(() => Rloo.Loss(logp, [1f, 2f], 2, logp, beta: -1f)).Message);
    }
}
