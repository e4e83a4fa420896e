using AlignLab.Core;
using AlignLab.Methods.RewardsFromDemos;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Tests.RewardsFromDemos;

/// <summary>The Bradley–Terry, implicit-reward (SPIN/IRFT) and DPO losses against hand values and finite differences.</summary>
public class LossTests
{
    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Fact]
    public void BradleyTerryIsTheMeanOfSoftplusOfTheNegativeMargin()
    {
        var loss = BradleyTerry.Loss(Tensor.FromArray([2f, 0f, -1f], 3), Tensor.FromArray([1f, 0f, 3f], 3)).Item();
        // margins 1, 0, −4: (log(1 + e⁻¹) + log 2 + log(1 + e⁴)) / 3
        Assert.Equal((Softplus(-1) + Math.Log(2) + Softplus(4)) / 3, loss, 5);
    }

    [Fact]
    public void ImplicitRewardLossIsBradleyTerryOnBetaTimesTheLogRatioMargin()
    {
        float beta = 0.5f;
        var loss = ImplicitReward.Loss(Tensor.FromArray([-1f, -2f], 2), Tensor.FromArray([-3f, -1f], 2),
            Tensor.FromArray([-1.5f, -2f], 2), Tensor.FromArray([-2f, -2f], 2), beta).Item();
        // pair 0: β((−1 + 1.5) − (−3 + 2)) = 0.5·1.5 = 0.75; pair 1: β((−2 + 2) − (−1 + 2)) = −0.5
        Assert.Equal((Softplus(-0.75) + Softplus(0.5)) / 2, loss, 5);
        Assert.Equal([0.25f, -0.5f], ImplicitReward.Rewards([-1f, -3f], [-1.5f, -2f], beta));
    }

    [Fact]
    public void ImplicitRewardGradientMatchesFiniteDifferencesAndTheReferenceGetsNone()
    {
        float[] chosen = [-1.2f, -0.3f, -2.5f], rejected = [-0.8f, -1.9f, -0.4f];
        float[] refChosen = [-1f, -0.5f, -2f], refRejected = [-1f, -1.5f, -0.9f];
        const float beta = 0.7f;
        var c = Tensor.FromArray(chosen, 3).RequireGrad();
        var r = Tensor.FromArray(rejected, 3).RequireGrad();
        var rc = Tensor.FromArray(refChosen, 3).RequireGrad();
        ImplicitReward.Loss(c, r, rc, Tensor.FromArray(refRejected, 3), beta).Backward();
        double Loss(double[] cc, double[] rr)
        {
            double sum = 0;
            for (int i = 0; i < 3; i++) sum += Softplus(-beta * ((cc[i] - refChosen[i]) - (rr[i] - refRejected[i])));
            return sum / 3;
        }
        const double h = 1e-4;
        for (int i = 0; i < 3; i++)
        {
            var cp = chosen.Select(x => (double)x).ToArray(); var cm = (double[])cp.Clone();
            cp[i] += h; cm[i] -= h;
            var rd = rejected.Select(x => (double)x).ToArray();
            Assert.Equal((Loss(cp, rd) - Loss(cm, rd)) / (2 * h), c.Grad!.ToArray()[i], 4);
            var rp = (double[])rd.Clone(); var rm = (double[])rd.Clone();
            rp[i] += h; rm[i] -= h;
            var cd = chosen.Select(x => (double)x).ToArray();
            Assert.Equal((Loss(cd, rp) - Loss(cd, rm)) / (2 * h), r.Grad!.ToArray()[i], 4);
        }
        Assert.True(rc.Grad is null || rc.Grad.ToArray().All(g => g == 0f));
    }

    [Fact]
    public void DpoPairLossOnAModelEqualsTheHandComputedLossFromItsSequenceLogProbs()
    {
        var model = PolicyTraining.NewModel(new AlignSettings(), new Generator(3));
        var reference = PolicySnapshots.Clone(model);
        // Perturb the policy so that the log-ratios are not zero.
        foreach (var p in model.Parameters()) { var s = p.AsSpan(); for (int i = 0; i < s.Length; i += 7) s[i] += 0.05f; }
        int[][] prompts = [[2, 3, 20, 4, 21], [5, 21]];
        int[][] chosen = [[6, 1], [7, 8, 1]];
        int[][] rejected = [[9, 1], [7, 1]];
        var refC = PolicyTraining.LogProbs(reference, prompts, chosen);
        var refR = PolicyTraining.LogProbs(reference, prompts, rejected);
        var polC = PolicyTraining.LogProbs(model, prompts, chosen);
        var polR = PolicyTraining.LogProbs(model, prompts, rejected);
        double expected = 0;
        for (int i = 0; i < 2; i++) expected += Softplus(-0.1 * ((polC[i] - refC[i]) - (polR[i] - refR[i])));
        var loss = SelfPlay.PairLoss(model, prompts, chosen, rejected, refC, refR, 0.1f);
        Assert.Equal(expected / 2, loss.Item(), 5);
        // With the policy equal to the reference every margin is 0 and the loss is log 2.
        Assert.Equal(Math.Log(2), SelfPlay.PairLoss(reference, prompts, chosen, rejected, refC, refR, 0.1f).Item(), 5);
    }
}
