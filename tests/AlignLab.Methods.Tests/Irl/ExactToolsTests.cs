using AlignLab.Core;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

public class ExactToolsTests
{
    /// <summary>Soft value of a fixed policy on the 3-state MDP, V = (I − γP_π)^{-1}(r_π + H_π), by Cramer's rule.</summary>
    private static double[] SoftValue(FiniteMdp mdp, double[] policy)
    {
        var m = new double[3, 3];
        var b = new double[3];
        for (int s = 0; s < 3; s++)
        {
            m[s, s] = 1;
            for (int a = 0; a < 2; a++)
            {
                double p = policy[s * 2 + a];
                if (p > 0) b[s] += p * (mdp.TrueReward[s * 2 + a] - Math.Log(p));
                var (next, prob) = mdp.Successors(s, a);
                for (int k = 0; k < next.Length; k++) m[s, next.Span[k]] -= mdp.Gamma * p * prob.Span[k];
            }
        }
        double Det(double[,] x) => x[0, 0] * (x[1, 1] * x[2, 2] - x[1, 2] * x[2, 1]) - x[0, 1] * (x[1, 0] * x[2, 2] - x[1, 2] * x[2, 0]) + x[0, 2] * (x[1, 0] * x[2, 1] - x[1, 1] * x[2, 0]);
        double det = Det(m);
        var v = new double[3];
        for (int c = 0; c < 3; c++)
        {
            var mc = (double[,])m.Clone();
            for (int r = 0; r < 3; r++) mc[r, c] = b[r];
            v[c] = Det(mc) / det;
        }
        return v;
    }

    [Fact]
    public void SoftValueIterationMatchesABruteForceSearchOverPolicies()
    {
        var mdp = TestMdps.Three();
        var q = SoftBellman.OptimalQ(mdp, mdp.TrueReward, 1e-13);
        var v = new double[3];
        SoftBellman.SoftMax(q, 2, v);
        var optimal = SoftBellman.LogPolicy(q, 2).Select(Math.Exp).ToArray();
        // The soft-greedy policy's own soft value is the fixed point.
        var own = SoftValue(mdp, optimal);
        for (int s = 0; s < 3; s++) Assert.Equal(v[s], own[s], 1e-9);
        // Brute force: a 101³ grid over all stochastic policies; none beats V* in any state, the best comes within the grid's resolution.
        var best = new double[3];
        Array.Fill(best, double.NegativeInfinity);
        var policy = new double[6];
        for (int i = 0; i <= 100; i++)
            for (int j = 0; j <= 100; j++)
                for (int k = 0; k <= 100; k++)
                {
                    policy[0] = i / 100.0; policy[1] = 1 - policy[0];
                    policy[2] = j / 100.0; policy[3] = 1 - policy[2];
                    policy[4] = k / 100.0; policy[5] = 1 - policy[4];
                    var value = SoftValue(mdp, policy);
                    for (int s = 0; s < 3; s++)
                    {
                        Assert.True(value[s] <= v[s] + 1e-9, $"policy ({i},{j},{k}) beats soft VI at state {s}");
                        best[s] = Math.Max(best[s], value[s]);
                    }
                }
        for (int s = 0; s < 3; s++) Assert.True(v[s] - best[s] < 1e-3, $"state {s}: grid best {best[s]} vs V* {v[s]}");
    }

    [Fact]
    public void BackupsContractByGamma()
    {
        var mdp = TestMdps.Random();
        var q = new double[mdp.StateCount * mdp.ActionCount];
        var meter = new CostMeter();
        double previous = SoftBellman.Backup(mdp, mdp.TrueReward, q, meter);
        for (int k = 0; k < 20; k++)
        {
            double change = SoftBellman.Backup(mdp, mdp.TrueReward, q, meter);
            Assert.True(change <= mdp.Gamma * previous + 1e-12);
            previous = change;
        }
        Assert.Equal(21, meter.BellmanBackups);
    }

    [Fact]
    public void OccupancySumsToOneSatisfiesTheFlowEquationAndMatchesSampledVisits()
    {
        var mdp = GridWorld.Default.Build();
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var d = new StateFlow(mdp, expert).Occupancy();
        Assert.Equal(1, d.Sum(), 1e-12);
        Assert.All(d, x => Assert.True(x >= 0));
        // Σ_a d(s', a) = (1 − γ) η(s') + γ Σ_{s,a} P(s'|s, a) d(s, a)
        var inflow = new double[mdp.StateCount];
        mdp.AccumulateFlow(d, inflow);
        for (int s = 0; s < mdp.StateCount; s++)
        {
            double lhs = 0;
            for (int a = 0; a < mdp.ActionCount; a++) lhs += d[s * mdp.ActionCount + a];
            Assert.Equal((1 - mdp.Gamma) * mdp.Start[s] + mdp.Gamma * inflow[s], lhs, 1e-12);
        }
        var sampled = Demonstrations.Sample(mdp, expert, 4000, 200, new Generator(5));
        Assert.Equal(1, sampled.Weights.Sum(), 1e-12);
        double l1 = 0;
        for (int i = 0; i < d.Length; i++) l1 += Math.Abs(d[i] - sampled.Weights[i]);
        Assert.True(l1 < 0.05, $"sampled vs exact occupancy L1 = {l1}");
    }

    [Fact]
    public void ReturnEqualsPolicyEvaluationByIteration()
    {
        var mdp = TestMdps.Random(seed: 11);
        var random = new Generator(2);
        var logits = Enumerable.Range(0, mdp.StateCount * mdp.ActionCount).Select(_ => random.NextGaussian()).ToArray();
        var logPolicy = SoftBellman.LogPolicy(logits, mdp.ActionCount);
        double j = new StateFlow(mdp, logPolicy).Return(mdp.TrueReward);
        var v = new double[mdp.StateCount];
        var expected = new double[mdp.StateCount * mdp.ActionCount];
        for (int it = 0; it < 400; it++)
        {
            mdp.Expect(v, expected);
            var next = new double[mdp.StateCount];
            for (int i = 0; i < expected.Length; i++) next[i / mdp.ActionCount] += Math.Exp(logPolicy[i]) * (mdp.TrueReward[i] + mdp.Gamma * expected[i]);
            v = next;
        }
        double byIteration = 0;
        for (int s = 0; s < mdp.StateCount; s++) byIteration += mdp.Start[s] * v[s];
        Assert.Equal(byIteration, j, 1e-9);
    }

    [Fact]
    public void TheTrueRewardAttainsTheBestAchievableLikelihoodOnExactDemonstrations()
    {
        var mdp = TestMdps.Random();
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var demos = Demonstrations.Exact(mdp, expert);
        double best = DemonstrationLikelihood.BestAchievable(demos);
        Assert.Equal(best, DemonstrationLikelihood.LogLikelihood(demos, expert), 1e-10);
        var model = new TabularReward(mdp, RewardInput.StateAction);
        var random = new Generator(4);
        for (int trial = 0; trial < 5; trial++)
        {
            TestMdps.Randomize(model, random);
            Assert.True(TestMdps.Likelihood(demos, model) < best);
        }
    }
}
