using AlignLab.Core;
using AlignLab.Methods.SafeDiffusion;

namespace AlignLab.Methods.Tests.SafeDiffusion;

/// <summary>The model cache: trains once, reloads the same weights, and the folder name follows the spec.</summary>
public class DiffusionModelCacheTests
{
    private static readonly DiffusionModelSpec Tiny = new("pno-test", new UNetConfig(BaseChannels: 4, TokenDim: 4, EmbedDim: 8, TimeDim: 4, Groups: 2), 3,
        new DiffusionTrainSettings { Steps = 3, BatchSize = 4, WarmupSteps = 1, Seed = 2 });

    [Fact]
    public void TrainsOnceThenReloadsTheSameWeights()
    {
        var root = Path.Combine(Path.GetTempPath(), $"alignlab-pno-{Guid.NewGuid():N}");
        try
        {
            var trained = DiffusionModel.GetOrTrain(Tiny, root: root);
            var folder = DiffusionModel.PathOf(Tiny, root);
            Assert.True(File.Exists(Path.Combine(folder, "spec.json")));
            Assert.Single(Directory.GetDirectories(root));   // no temporary folders left behind
            var stamp = File.GetLastWriteTimeUtc(Path.Combine(folder, "model.safetensors"));
            var loaded = DiffusionModel.GetOrTrain(Tiny, root: root);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(folder, "model.safetensors")));
            var x = new Generator(5).Normal([2, 3, 16, 16]);
            var tokens = trained.Embed([ShapePrompt.Parse("red circle"), ShapePrompt.Parse("hazard blue cross left")]);
            using var _ = GradMode.NoGrad();
            Assert.Equal(trained.PredictNoise(x, [5f, 150f], tokens).ToArray(), loaded.PredictNoise(x, [5f, 150f], loaded.Embed([ShapePrompt.Parse("red circle"), ShapePrompt.Parse("hazard blue cross left")])).ToArray());
            Assert.NotEqual(Tiny.Hash(), (Tiny with { InitSeed = 4 }).Hash());
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
