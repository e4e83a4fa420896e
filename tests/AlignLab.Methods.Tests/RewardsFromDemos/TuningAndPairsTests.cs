using AlignLab.Core;
using AlignLab.Methods.RewardsFromDemos;
using AlignLab.Methods.RewardsFromDemos.Experiments;
using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Tests.RewardsFromDemos;

/// <summary>The fairness pieces: informative pairs, the reward model's standardisation, the tuning grids and the choice on validation.</summary>
public class TuningAndPairsTests
{
    [Fact]
    public void InformativePairsDropSamplesEqualToTheirDemonstration()
    {
        int[][] chosen = [[5, 6, 1], [7, 1], [8, 9, 1], [2, 1]];
        int[][] rejected = [[5, 6, 1], [7, 7, 1], [8, 1], [2, 1]];
        Assert.Equal([1, 2], InformativePairs.Indices(chosen, rejected));
        Assert.Empty(InformativePairs.Indices([[3, 1]], [[3, 1]]));
        Assert.Throws<ArgumentException>(() => InformativePairs.Indices(chosen, rejected[..2]));
    }

    [Fact]
    public void AnIdenticalPairCarriesNoGradientSoDroppingItOnlyRemovesDilution()
    {
        // The reason for dropping: with chosen == rejected the implicit-reward loss is log 2 whatever the policy.
        var model = PolicyTraining.NewModel(new AlignSettings(), new Generator(5));
        int[][] prompts = [[2, 3, 20, 4, 21]];
        int[][] same = [[6, 1]];
        var reference = PolicyTraining.LogProbs(model, prompts, same);
        var loss = SelfPlay.PairLoss(model, prompts, same, same, reference, reference, 0.5f);
        loss.Backward();
        Assert.Equal(Math.Log(2), loss.Item(), 5);
        Assert.All(model.Parameters(), p => Assert.True(p.Grad is null || p.Grad.ToArray().All(g => Math.Abs(g) < 1e-6f)));
    }

    [Fact]
    public void RewardsAreCentredOnTheDemonstrationsAndScaledOverDemonstrationsAndOwnSamples()
    {
        var sft = PolicyTraining.NewModel(new AlignSettings(), new Generator(7));
        var reward = new RewardModel(sft, new Generator(8));
        int[][] prompts = [[2, 3, 20, 4, 21], [5, 20, 6, 21], [7, 20, 8, 21]];
        int[][] demos = [[6, 1], [7, 8, 1], [9, 1]];
        int[][] samples = [[6, 6, 1], [3, 1], [9, 9, 9, 1]];
        reward.Standardize(prompts, demos, prompts, samples);
        var d = reward.Score(prompts, demos);
        var o = reward.Score(prompts, samples);
        Assert.Equal(0, d.Average(), 4);
        var pooled = d.Concat(o).ToArray();
        double mean = pooled.Average();
        Assert.Equal(1, Math.Sqrt(pooled.Sum(x => (x - mean) * (x - mean)) / pooled.Length), 3);
        // The scale is not the demonstrations' own spread (what it was before, and what made rewards blow up against the KL weight).
        double demoSd = Math.Sqrt(d.Sum(x => x * x) / d.Length);
        Assert.NotEqual(1, demoSd, 2);
    }

    [Fact]
    public void EveryMethodGetsTheSameNumberOfGridPointsAndApplySetsItsOwnHyperparameters()
    {
        int size = MethodGrid.For(AlignMethod.Sft).Length;
        Assert.All(AlignMethods.All, m => Assert.Equal(size, MethodGrid.For(m).Length));
        Assert.All(AlignMethods.All, m => Assert.Equal(MethodGrid.For(m).Length, MethodGrid.For(m).Distinct().Count()));
        var s = new AlignSettings();
        var spin = MethodGrid.Apply(s, AlignMethod.Spin, new GridPoint(3e-5f, 1f));
        Assert.Equal((3e-5f, 1f, s.KlBeta), (spin.MethodLearningRate, spin.Beta, spin.KlBeta));
        var irl = MethodGrid.Apply(s, AlignMethod.Irl, new GridPoint(1e-4f, 0.5f));
        Assert.Equal((1e-4f, s.Beta, 0.5f), (irl.MethodLearningRate, irl.Beta, irl.KlBeta));
        Assert.Equal(new GridPoint(3e-3f, null), MethodGrid.Of(MethodGrid.Apply(s, AlignMethod.Sft, new GridPoint(3e-3f, null)), AlignMethod.Sft));
        Assert.Throws<ArgumentException>(() => MethodGrid.Apply(s, AlignMethod.Sft, new GridPoint(1e-4f, 0.1f)));
        Assert.Throws<ArgumentException>(() => MethodGrid.Apply(s, AlignMethod.Dpo, new GridPoint(1e-4f, null)));
    }

    [Fact]
    public void TheChosenPointHasTheBestMeanValidationRewardAndTheFirstWinsATie()
    {
        static MethodRun Run(double validation) => new(AlignMethod.Sft, 1, new GridPoint(1e-4f, null), new PolicyScore(0, 0, 0, 0, []), validation, []);
        Assert.Equal(1, MethodTuning.Choose([[Run(0.5), Run(0.7)], [Run(0.9), Run(0.4)], [Run(0.6), Run(0.6)]]));
        Assert.Equal(0, MethodTuning.Choose([[Run(0.6)], [Run(0.6)]]));
    }

    [Fact]
    public void AFoundationTakesOtherMethodHyperparametersButNotOtherData()
    {
        var settings = new AlignSettings();
        var model = PolicyTraining.NewModel(settings, new Generator(1));
        var foundation = new Foundation
        {
            Settings = settings, Seed = 1, Data = new TaskDataset(AlignTask.Sort, new TaskDatasetSizes { Pretraining = 10, Demonstrations = 10, HeldOut = 4, Validation = 4 }, 1),
            Base = model, Sft = model, HeldOutPairs = [],
        };
        Assert.Equal(0.5f, foundation.WithMethodSettings(settings with { Beta = 0.5f }).Settings.Beta);
        Assert.Throws<ArgumentException>(() => foundation.WithMethodSettings(settings with { SftSteps = 10 }));
        Assert.Throws<ArgumentException>(() => foundation.WithMethodSettings(settings with { Data = settings.Data with { CorruptedFraction = 0.2 } }));
    }
}
