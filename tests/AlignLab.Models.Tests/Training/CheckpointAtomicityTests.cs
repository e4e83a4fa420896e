using AlignLab.Models.Checkpoints;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class CheckpointAtomicityTests
{
    private static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    [Fact]
    public void AFailureMidSaveLeavesThePreviousCheckpointIntact()
    {
        var examples = TinyTraining.Text(documents: 20);
        var settings = new TrainerSettings { Steps = 4, BatchSize = 2, Seed = 3 };
        var dir = TinyTraining.NewDirectory();
        var trainer = new Trainer(TinyTraining.Gpt2(), examples, [], settings, TinyTraining.Tokenizer);
        trainer.TrainStep(); trainer.TrainStep();
        var previous = TrainingCheckpoint.Save(trainer, dir);
        var before = Snapshot(dir);

        trainer.TrainStep(); trainer.TrainStep();
        string? filled = null;
        Assert.Throws<IOException>(() => TrainingCheckpoint.Save(trainer, dir, beforeCommit: tmp =>
        {
            filled = tmp;
            Assert.True(File.Exists(Path.Combine(tmp, "model.safetensors"))); // the new checkpoint was fully written...
            throw new IOException("disk full");                                // ...and dies before the rename
        }));

        Assert.False(Directory.Exists(filled));
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoint-4")));
        Assert.Equal([previous], Directory.GetDirectories(dir));
        Assert.Equal(before, Snapshot(dir));
        var resumed = new Trainer(TinyTraining.Gpt2(seed: 5), examples, [], settings, TinyTraining.Tokenizer);
        resumed.Resume(TrainingCheckpoint.Latest(dir)!);
        Assert.Equal(2, resumed.Step);
    }

    [Fact]
    public void ReplacingAFolderThatFailsToFillKeepsTheOldOne()
    {
        var parent = TinyTraining.NewDirectory();
        var target = Path.Combine(parent, "model");
        AtomicDirectory.Write(target, d => File.WriteAllText(Path.Combine(d, "a.txt"), "old"));
        Assert.Throws<InvalidOperationException>(() => AtomicDirectory.Write(target, d =>
        {
            File.WriteAllText(Path.Combine(d, "a.txt"), "new");
            throw new InvalidOperationException("crash");
        }));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.txt")));
        AtomicDirectory.Write(target, d => File.WriteAllText(Path.Combine(d, "b.txt"), "new"));
        Assert.Equal(["b.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal([target], Directory.GetFileSystemEntries(parent));
    }
}
