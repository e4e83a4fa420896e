using AlignLab.Core;
using AlignLab.Methods.SafeDiffusion;

namespace AlignLab.Methods.Tests.SafeDiffusion;

/// <summary>The U-Net's shapes, that the prompt embeddings get gradients, and that training lowers the noise-prediction loss.</summary>
public class UNetTests
{
    private static readonly UNetConfig Small = new(BaseChannels: 8, TokenDim: 8, EmbedDim: 16, TimeDim: 8, Groups: 4);

    [Fact]
    public void PredictsNoiseOfTheImagesShapeAndPassesGradientsToThePrompt()
    {
        var model = new TinyUNet(Small, new Generator(1));
        var batch = ShapeDataset.Sample(new Generator(2), 3, PromptMix.Training, HazardOverlay.Standard);
        var tokens = model.Embed(batch.Prompts).Detach().RequireGrad();
        var eps = model.PredictNoise(batch.ImageTensor(), [10f, 100f, 190f], tokens);
        Assert.Equal([3, 3, 16, 16], eps.Shape.ToArray());
        eps.Square().Sum().Backward();
        Assert.Contains(tokens.Grad!.ToArray(), v => v != 0f);
        // The tokens were detached from the word table, and the null prompt was not used: every other weight learns.
        foreach (var (name, p) in model.NamedParameters())
            if (p != model.NullTokens && p != model.Words.Weight) Assert.True(p.Grad != null, $"{name} got no gradient");
    }

    [Fact]
    public void AFewStepsOfTrainingLowerTheLoss()
    {
        var model = new TinyUNet(Small, new Generator(1));
        var losses = DiffusionTraining.Train(model, new DiffusionTrainSettings { Steps = 60, BatchSize = 16, LearningRate = 3e-3f, WarmupSteps = 5, Seed = 4 });
        double first = losses[..10].Average(), last = losses[^10..].Average();
        Assert.True(last < 0.8 * first, $"loss went from {first:F3} to {last:F3}");
    }

    [Fact]
    public void WrongTokenShapesAreNamed()
    {
        var model = new TinyUNet(Small, new Generator(1));
        var ex = Assert.Throws<ArgumentException>(() => model.PredictNoise(Tensor.Zeros(2, 3, 16, 16), [1f, 1f], Tensor.Zeros(2, 4, 8)));
        Assert.Contains("expected [2, 5, 8]", ex.Message);
    }
}
