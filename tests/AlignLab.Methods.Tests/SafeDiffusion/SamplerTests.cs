using AlignLab.Core;
using AlignLab.Methods.SafeDiffusion;

namespace AlignLab.Methods.Tests.SafeDiffusion;

/// <summary>The schedule and the DDIM sampler: exact on a one-point data distribution, differentiable in noise and prompt.</summary>
public class SamplerTests
{
    /// <summary>The exact ε-predictor for data that is always <see cref="Target"/>: ε̂ = (x_t − √ᾱ_t·x₀)/√(1 − ᾱ_t).</summary>
    private sealed class OnePointOracle(NoiseSchedule schedule, Tensor target) : IDenoiser
    {
        public Tensor Target { get; } = target;
        public int TokenCount => 2;
        public int TokenDim => 3;
        public Tensor PredictNoise(Tensor x, float[] t, Tensor tokens)
        {
            double ab = schedule.AlphaBar[(int)t[0]];
            var x0 = Target.Expand(x.Shape.ToArray());
            return (x - x0 * (float)Math.Sqrt(ab)) * (float)(1 / Math.Sqrt(1 - ab));
        }
    }

    /// <summary>
    /// A smooth predictor that depends on x, t and the tokens, for gradient checks through the chain. It is shaped like a
    /// real one (its implied clean image x̂₀ = 0.5·tanh(x + c) stays bounded), so values stay O(1) and float differences resolve.
    /// </summary>
    private sealed class Toy(NoiseSchedule schedule) : IDenoiser
    {
        public int TokenCount => 2;
        public int TokenDim => 3;
        public Tensor PredictNoise(Tensor x, float[] t, Tensor tokens)
        {
            double ab = schedule.AlphaBar[(int)t[0]];
            var c = tokens.Mean(1).Mean(1).Reshape(x.Shape[0], 1, 1, 1);
            var x0 = (x + c).Tanh() * 0.5f;
            return (x - x0 * (float)Math.Sqrt(ab)) * (float)(1 / Math.Sqrt(1 - ab));
        }
    }

    [Fact]
    public void TheCosineScheduleFallsFromOneToNearlyZero()
    {
        var s = new NoiseSchedule(200);
        Assert.Equal(1.0, s.AlphaBar[0]);
        for (int t = 1; t <= 200; t++) Assert.True(s.AlphaBar[t] < s.AlphaBar[t - 1]);
        Assert.True(s.AlphaBar[200] < 1e-4);
        Assert.Equal([200, 150, 100, 50], s.DdimTimesteps(4));
    }

    [Fact]
    public void DdimCoefficientsReduceToTheKnownCases()
    {
        // η = 0: A = √(ᾱp/ᾱt), B = √(1 − ᾱp) − √(1 − ᾱt)·A, σ = 0.
        var d = DdimStep.Between(0.25, 0.81, 0);
        Assert.Equal(1.8f, d.A, 5); Assert.Equal(MathF.Sqrt(0.19f) - MathF.Sqrt(0.75f) * 1.8f, d.B, 5); Assert.Equal(0f, d.Sigma);
        // η = 1 is DDPM's posterior standard deviation; the last step (ᾱp = 1) has no noise.
        var p = DdimStep.Between(0.25, 0.81, 1);
        Assert.Equal(Math.Sqrt(0.19 / 0.75 * (1 - 0.25 / 0.81)), p.Sigma, 5);
        Assert.Equal(0f, DdimStep.Between(0.9, 1.0, 1).Sigma);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    public void WithTheExactPredictorEveryTrajectoryLandsOnTheDataPoint(float eta)
    {
        var schedule = new NoiseSchedule(200);
        var target = new Generator(1).Uniform([1, 3, 4, 4], -1, 1);
        var sampler = new DdimSampler(schedule, 10, eta);
        var oracle = new OnePointOracle(schedule, target);
        var cond = Tensor.Zeros(1, 2, 3);
        var x0 = sampler.Sample(oracle, [cond, cond], Guidance.ClassifierFree(4f), sampler.RandomTrajectory(new Generator(2), 2, 3, 4));
        var expected = target.Expand(2, 3, 4, 4).Contiguous().ToArray();
        var got = x0.ToArray();
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i], 3);
    }

    [Fact]
    public void GradientsThroughTheWholeChainMatchFiniteDifferences()
    {
        var schedule = new NoiseSchedule(200);
        var sampler = new DdimSampler(schedule, 5, eta: 1f);
        var traj = sampler.RandomTrajectory(new Generator(3), 2, 1, 2).RequireGrad();
        var cond = new Generator(4).Normal([2, 2, 3]).RequireGrad();
        var uncond = new Generator(5).Normal([1, 2, 3]).RequireGrad();
        var w = new Generator(6).Normal([2, 1, 2, 2]);
        double Objective() => (sampler.Sample(new Toy(schedule), [uncond, cond], Guidance.ClassifierFree(3f), traj) * w).Sum().Item();
        (sampler.Sample(new Toy(schedule), [uncond, cond], Guidance.ClassifierFree(3f), traj) * w).Sum().Backward();
        foreach (var (x, name) in new[] { (traj, "trajectory"), (cond, "condition"), (uncond, "null condition") })
        {
            var analytic = x.Grad!.ToArray();
            var data = x.AsSpan();
            using var _ = GradMode.NoGrad();
            for (int i = 0; i < data.Length; i += 3)
            {
                float orig = data[i];
                data[i] = orig + 1e-2f; double plus = Objective();
                data[i] = orig - 1e-2f; double minus = Objective();
                data[i] = orig;
                Assert.True(Math.Abs((plus - minus) / 2e-2 - analytic[i]) < 2e-2 * Math.Max(1, Math.Abs(analytic[i])), $"{name}[{i}]: autograd {analytic[i]} vs {(plus - minus) / 2e-2}");
            }
        }
        // The last step injects no noise, so the final z gets no gradient; with η = 1 every earlier z does.
        var g = traj.Grad!.ToArray();
        Assert.All(g[(5 * 8)..], v => Assert.Equal(0f, v));
        Assert.Contains(g[(4 * 8)..(5 * 8)], v => v != 0f);
    }

    [Fact]
    public void ATrajectoryOfTheWrongLengthIsNamed()
    {
        var schedule = new NoiseSchedule(200);
        var sampler = new DdimSampler(schedule, 5, 0f);
        var ex = Assert.Throws<ArgumentException>(() => sampler.Sample(new Toy(schedule), [Tensor.Zeros(1, 2, 3), Tensor.Zeros(1, 2, 3)], Guidance.ClassifierFree(1f), Tensor.Zeros(4, 1, 1, 2, 2)));
        Assert.Contains("expected [6, batch", ex.Message);
    }
}
