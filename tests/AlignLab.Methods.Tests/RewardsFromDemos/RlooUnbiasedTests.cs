using AlignLab.Core;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Tests.RewardsFromDemos;

/// <summary>
/// RLOO on a two-armed bandit with a softmax policy π = softmax(θ): the exact gradient of E_π[r] is
/// ∂/∂θ_a = π_a (r_a − E_π[r]). The mean of the RLOO gradient estimate over many independent batches must match it,
/// while the estimate with the sample's own reward in its baseline (the group mean) is shrunk by (k − 1)/k.
/// </summary>
public class RlooUnbiasedTests
{
    [Fact]
    public void MeanRlooGradientEqualsTheExactPolicyGradientOnATwoArmedBandit()
    {
        float[] theta = [0.3f, -0.4f];
        double[] reward = [1.0, 0.2];
        double p0 = Math.Exp(theta[0]) / (Math.Exp(theta[0]) + Math.Exp(theta[1]));
        double[] pi = [p0, 1 - p0];
        double mean = pi[0] * reward[0] + pi[1] * reward[1];
        double[] exact = [pi[0] * (reward[0] - mean), pi[1] * (reward[1] - mean)];

        const int k = 4, prompts = 8, batches = 4000;
        var random = new Generator(11);
        double[] sum = new double[2], sumSq = new double[2];
        for (int b = 0; b < batches; b++)
        {
            var logits = Tensor.FromArray(theta, 1, 2).RequireGrad();
            var arms = new int[prompts * k];
            var rewards = new float[arms.Length];
            for (int i = 0; i < arms.Length; i++)
            {
                arms[i] = random.NextDouble() < pi[0] ? 0 : 1;
                rewards[i] = (float)reward[arms[i]];
            }
            var logProbs = logits.LogSoftmax(-1).Reshape(2).IndexSelect(0, new IntTensor(arms, arms.Length));
            // The loss is −mean_i A_i·log π(a_i); every row is one sample, so −∇loss = mean_i A_i ∇log π(a_i) estimates ∇E[r].
            Rloo.Loss(logProbs, rewards, k).Loss.Backward();
            var g = logits.Grad!.ToArray();
            for (int a = 0; a < 2; a++) { sum[a] += -g[a]; sumSq[a] += g[a] * (double)g[a]; }
        }
        for (int a = 0; a < 2; a++)
        {
            double estimate = sum[a] / batches;
            double se = Math.Sqrt((sumSq[a] / batches - estimate * estimate) / batches);
            Assert.True(Math.Abs(estimate - exact[a]) < 4 * se, $"arm {a}: RLOO mean {estimate:F5} vs exact {exact[a]:F5} (SE {se:F5})");
            // The biased group-mean baseline would give (k − 1)/k of the exact value, 3 standard errors away or more here.
            Assert.True(Math.Abs(exact[a] * (k - 1) / k - exact[a]) > 3 * se, $"the test cannot tell the biased baseline apart (SE {se:F5})");
        }
    }
}
