using AlignLab.Core;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

public class GradientTests
{
    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs) + 1e-12;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"entry {i}: expected {expected[i]}, got {actual[i]}");
    }

    public static TheoryData<string, bool> Cases() => new()
    {
        { "tabular-sa", true }, { "tabular-sa", false }, { "tabular-s", false }, { "linear-sa", false }, { "mlp-s", true }, { "mlp-sa", false },
    };

    private static IRewardModel Model(string kind, FiniteMdp mdp, Generator random) => kind switch
    {
        "tabular-sa" => new TabularReward(mdp, RewardInput.StateAction),
        "tabular-s" => new TabularReward(mdp),
        "linear-sa" => new LinearReward(mdp, RewardInput.StateAction),
        "mlp-s" => new TwoLayerReluReward(mdp, 16, random, symmetric: false),
        _ => new TwoLayerReluReward(mdp, 16, random, RewardInput.StateAction, symmetric: false),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExactLikelihoodGradientMatchesFiniteDifferences(string kind, bool exactDemos)
    {
        var mdp = TestMdps.Random(seed: 8);
        var random = new Generator(12);
        var expert = SoftOptimalExpert.LogPolicy(mdp);
        var demos = exactDemos ? Demonstrations.Exact(mdp, expert) : Demonstrations.Sample(mdp, expert, 5, 12, random);
        var model = Model(kind, mdp, random);
        TestMdps.Randomize(model, random, 0.7);
        var exact = TestMdps.ExactGradient(demos, model);
        var numeric = TestMdps.FiniteDifferences(model, () => TestMdps.Likelihood(demos, model));
        AssertClose(numeric, exact, 1e-6);
    }

    [Fact]
    public void WithExactOccupancyTheGradientIsExpertMinusAgentOccupancy()
    {
        var mdp = TestMdps.Random(seed: 21);
        var demos = Demonstrations.Exact(mdp, SoftOptimalExpert.LogPolicy(mdp));
        var model = new TabularReward(mdp, RewardInput.StateAction);
        TestMdps.Randomize(model, new Generator(1));
        var exact = TestMdps.ExactGradient(demos, model);
        var q = SoftBellman.OptimalQ(mdp, model.Table(), 1e-14);
        var agent = new StateFlow(mdp, SoftBellman.LogPolicy(q, mdp.ActionCount)).Occupancy();
        var direction = new double[model.ParameterCount];
        model.AddGradient(DemonstrationLikelihood.SurrogateDirection(demos, agent), direction);
        AssertClose(exact, direction, 1e-9);
    }

    [Theory]
    [InlineData("linear-sa")]
    [InlineData("mlp-s")]
    [InlineData("mlp-sa")]
    public void RewardModelGradientsMatchFiniteDifferences(string kind)
    {
        var mdp = GridWorld.Default.Build();
        var random = new Generator(6);
        var model = Model(kind, mdp, random);
        TestMdps.Randomize(model, random, 0.3);
        var weights = Enumerable.Range(0, mdp.StateCount * mdp.ActionCount).Select(_ => random.NextGaussian()).ToArray();
        var gradient = new double[model.ParameterCount];
        model.AddGradient(weights, gradient);
        var table = new double[weights.Length];
        double Weighted()
        {
            model.Evaluate(table);
            double sum = 0;
            for (int i = 0; i < table.Length; i++) sum += weights[i] * table[i];
            return sum;
        }
        AssertClose(TestMdps.FiniteDifferences(model, Weighted, 1e-6), gradient, 1e-6);
    }
}
