using AlignLab.Models.Checkpoints;
using AlignLab.Models.Corpora;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class BaseModelsTests
{
    private static readonly BaseModelSpec Micro = new("micro", new WorldOptions { People = 4, Places = 2, WordsPerList = 2 }, Documents: 30, CorpusSeed: 1,
        VocabSize: 300, "gpt2", new ModelSize("micro", 1, 16, 2, 16), new TrainerSettings { Steps = 3, BatchSize = 2, Seed = 1 });

    [Fact]
    public void GetOrTrainCachesAnHfFolderNamedByTheSpecHashAndReusesIt()
    {
        var root = TinyTraining.NewDirectory();
        var dir = BaseModels.GetOrTrain(Micro, root: root);
        Assert.Equal(Path.Combine(root, $"micro-{Micro.Hash()}"), dir);
        Assert.Equal([dir], Directory.GetFileSystemEntries(root)); // no work or temporary folder left
        foreach (var f in new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt", "metrics.jsonl", "training.json", "spec.json" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Equal(Micro.Json(), File.ReadAllText(Path.Combine(dir, "spec.json")));
        var model = HfCheckpoint.Load(dir);
        Assert.Equal(ByteLevelBpeTokenizer.FromDirectory(dir).VocabSize, model.VocabSize);

        var written = File.GetLastWriteTimeUtc(Path.Combine(dir, "model.safetensors"));
        Assert.Equal(dir, BaseModels.GetOrTrain(Micro, root: root, cancel: new CancellationToken(true))); // cached: no training at all
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(dir, "model.safetensors")));
    }

    [Fact]
    public void AnInterruptedBuildCachesNothing()
    {
        var root = TinyTraining.NewDirectory();
        Assert.Throws<OperationCanceledException>(() => BaseModels.GetOrTrain(Micro, root: root, cancel: new CancellationToken(true)));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void AnyChangeToTheSpecChangesTheHash()
    {
        Assert.Equal(Micro.Hash(), (Micro with { }).Hash());
        Assert.NotEqual(Micro.Hash(), (Micro with { Training = Micro.Training with { Steps = 4 } }).Hash());
        Assert.NotEqual(Micro.Hash(), (Micro with { World = Micro.World with { Seed = 2 } }).Hash());
        Assert.Equal(["tiny", "small"], BaseModels.All.Select(s => s.Name));
        Assert.Equal(new World(BaseModels.Tiny.World).People.Select(p => p.Name), BaseModels.World(BaseModels.Tiny).People.Select(p => p.Name));
    }

    [Fact]
    public void TheCacheRootFollowsAlignLabHome()
    {
        var saved = Environment.GetEnvironmentVariable("ALIGNLAB_HOME");
        try
        {
            Environment.SetEnvironmentVariable("ALIGNLAB_HOME", "/some/home");
            Assert.Equal("/some/home/models", BaseModels.CacheRoot);
            Environment.SetEnvironmentVariable("ALIGNLAB_HOME", null);
            Assert.EndsWith(Path.Combine(".cache", "alignlab", "models"), BaseModels.CacheRoot);
        }
        finally { Environment.SetEnvironmentVariable("ALIGNLAB_HOME", saved); }
    }
}
