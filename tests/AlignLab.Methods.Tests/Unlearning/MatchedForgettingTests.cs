using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Tests.Unlearning;

public class MatchedForgettingTests
{
    private static readonly Lazy<(LumeData Data, UnlearnModel Target)> Memorised = new(() =>
    {
        var data = MiniLume.Generate(new MiniLumeOptions { Biographies = 3, Stories = 0, PublicBiographies = 0, UtilityFacts = 4, Seed = 5 });
        var target = TargetTraining.Train(data, new TargetSettings { Shape = new ModelShape(1, 32, 2, 128), Epochs = 100, BatchSize = 8, LearningRate = 1e-2f }, withForget: true);
        return (data, target);
    });

    private static readonly MatchSettings Match = new() { ForgetRouge = 0.6, Tolerance = 0.25, ForgetEm = 0.5, RetainEm = 0, LearningRates = [1e-3f, 3e-3f], MaxSteps = 24, CheckEvery = 4 };

    [Fact]
    public void ChosenModelIsTheCheckpointItReportsAndEveryLearningRateGetsTheSameBudget()
    {
        var (data, target) = Memorised.Value;
        var before = MatchedForgetting.ForgetLevel(target, data.Forget);
        Assert.True(before.Rouge > Match.ForgetRouge + Match.Tolerance, $"the tiny target did not memorise (forget ROUGE {before.Rouge})");
        var weights = target.Snapshot();
        var m = MatchedForgetting.Tune(target, data, new UnlearnSettings { Method = UnlearnMethod.Npo, BatchSize = 4 }, Match);
        Assert.Equal(weights.SelectMany(x => x), target.Snapshot().SelectMany(x => x)); // the target is never touched
        Assert.Equal(Match.LearningRates, m.Candidates.Select(c => c.LearningRate));
        Assert.All(m.Candidates, c => Assert.True(c.Steps <= Match.MaxSteps && c.Steps % Match.CheckEvery == 0, $"steps {c.Steps}"));
        Assert.True(m.Chosen.Reached, $"no learning rate reached the band: {string.Join("; ", m.Candidates)}");
        Assert.InRange(m.Chosen.ForgetRouge, Match.ForgetRouge - Match.Tolerance, Match.ForgetRouge + Match.Tolerance);
        // The returned weights are the chosen checkpoint's: measuring them again gives the recorded level.
        var again = MatchedForgetting.ForgetLevel(m.Model, data.Forget);
        Assert.Equal(m.Chosen.ForgetRouge, again.Rouge, 12);
        Assert.Equal(m.Chosen.ForgetEm, again.Em, 12);
        Assert.Equal(m.Chosen.Steps, m.Settings.Steps);
        Assert.Equal(m.Chosen.LearningRate, m.Settings.LearningRate);
        // Replaying the chosen settings for the chosen number of steps lands on the same weights (deterministic, no hidden state).
        var replay = target.Clone();
        new Unlearner(replay, target, data.Forget, data.Retain, m.Settings).Run();
        Assert.Equal(m.Model.Snapshot().SelectMany(x => x), replay.Snapshot().SelectMany(x => x));
    }

    [Fact]
    public void AnUnreachableLevelKeepsTheClosestStateAndSaysSo()
    {
        var (data, target) = Memorised.Value;
        var m = MatchedForgetting.Tune(target, data, new UnlearnSettings { Method = UnlearnMethod.Npo, BatchSize = 4 },
            Match with { ForgetRouge = -1, Tolerance = 0, LearningRates = [1e-3f], MaxSteps = 8 });
        Assert.False(m.Chosen.Reached);
        Assert.Single(m.Candidates);
    }

    [Fact]
    public void WeightAveragingIsNotJudgedBeforeItAveragesTwoSnapshots()
    {
        var (data, target) = Memorised.Value;
        var wa = new UnlearnSettings { Method = UnlearnMethod.Npo, Smoother = Smoother.Wa, BatchSize = 4, AverageFrom = 12, AverageEvery = 4 };
        var m = MatchedForgetting.Tune(target, data, wa, Match with { Tolerance = 1, ForgetEm = 1 });
        Assert.All(m.Candidates, c => Assert.True(c.Steps >= wa.AverageFrom + wa.AverageEvery, $"checkpoint at step {c.Steps}"));
    }

    [Fact]
    public void InTheBandBeatsOutsideThenRetainThenCloseness()
    {
        var band = new MatchSettings { ForgetRouge = 0.5, Tolerance = 0.05 };
        MatchCandidate C(bool reached, double rouge, double retain) => new(1e-3f, 10, reached, rouge, 0, retain);
        Assert.True(MatchedForgetting.Better(C(true, 0.54, 0.5), C(false, 0.56, 1.0), band));
        Assert.True(MatchedForgetting.Better(C(true, 0.54, 0.9), C(true, 0.50, 0.8), band));
        Assert.False(MatchedForgetting.Better(C(true, 0.50, 0.8), C(true, 0.54, 0.8), band)); // a tie keeps the earlier one
        Assert.True(MatchedForgetting.Better(C(false, 0.40, 0.1), C(false, 0.30, 0.9), band));
    }
}
