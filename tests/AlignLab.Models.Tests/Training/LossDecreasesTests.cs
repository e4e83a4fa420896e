using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class LossDecreasesTests
{
    [Fact]
    public void TrainingOnTheWorldCorpusLowersTrainAndHeldOutLoss()
    {
        var examples = TinyTraining.Text(documents: 120);
        var settings = new TrainerSettings { Steps = 40, BatchSize = 8, LearningRate = 1e-2f, WarmupSteps = 4, Seed = 1 };
        var trainer = new Trainer(TinyTraining.Gpt2(), examples[16..], examples[..16], settings);
        double evalBefore = trainer.Evaluate()!.Value;
        var result = trainer.Run();
        Assert.InRange(result.Losses[0], 5.0, 6.5); // ≈ ln(320) at initialisation
        Assert.True(result.Losses.TakeLast(5).Average() < result.Losses[0] - 1.5, string.Join(", ", result.Losses));
        Assert.True(result.EvalLoss < evalBefore - 1.5, $"held-out {evalBefore} -> {result.EvalLoss}");
    }
}
