using AlignLab.Core;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Tests.Generation;

public class TokenSamplerTests
{
    // Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1.
    private static readonly float[] Logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

    private static double[] Frequencies(GenerationOptions options, int draws = 20000)
    {
        var sampler = new TokenSampler(options, new Generator(42));
        var counts = new double[Logits.Length];
        for (int i = 0; i < draws; i++) counts[sampler.Next(Logits)]++;
        for (int i = 0; i < counts.Length; i++) counts[i] /= draws;
        return counts;
    }

    private static void Near(double[] expected, double[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 0.015, $"token {i}: frequency {actual[i]:F4}, expected {expected[i]:F4}");
    }

    [Fact]
    public void FullDistributionIsSampledInProportion() => Near([0.5, 0.3, 0.15, 0.05], Frequencies(new GenerationOptions { Temperature = 1 }));

    [Fact]
    public void TemperatureSharpensTheDistribution()
    {
        // p^(1/T) renormalised, T = 0.5: squares 0.25, 0.09, 0.0225, 0.0025 over 0.365.
        Near([0.25 / 0.365, 0.09 / 0.365, 0.0225 / 0.365, 0.0025 / 0.365], Frequencies(new GenerationOptions { Temperature = 0.5f }));
    }

    [Fact]
    public void TopKKeepsTheKMostLikelyRenormalised() =>
        Near([0.5 / 0.8, 0.3 / 0.8, 0, 0], Frequencies(new GenerationOptions { Temperature = 1, TopK = 2 }));

    [Fact]
    public void TopPKeepsTheSmallestSetReachingP() =>
        Near([0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0], Frequencies(new GenerationOptions { Temperature = 1, TopP = 0.9f }));

    [Fact]
    public void TopPActsOnTheTopKDistribution()
    {
        // Top-3 renormalised is 0.526, 0.316, 0.158: p = 0.82 is reached by two tokens (0.842), whereas the un-renormalised
        // mass of those two is only 0.8 and would keep a third.
        Near([0.5 / 0.8, 0.3 / 0.8, 0, 0], Frequencies(new GenerationOptions { Temperature = 1, TopK = 3, TopP = 0.82f }));
    }

    [Fact]
    public void GreedyTakesTheArgmaxWithoutAGenerator() => Assert.Equal(0, new TokenSampler(new GenerationOptions(), null).Next(Logits));
}
