using AlignLab.Models.Generation;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class ResumeTests
{
    private static readonly TrainerSettings Settings = new()
    {
        Steps = 12, BatchSize = 2, GradientAccumulation = 2, LearningRate = 3e-3f, WarmupSteps = 3, EvalEvery = 4, SaveEvery = 4, Seed = 7,
    };

    private static Trainer NewTrainer(string family, ulong initSeed)
    {
        // Few examples, so the data order wraps into a second epoch within the run.
        var examples = TinyTraining.Text(documents: 4);
        Assert.InRange(examples.Count, 8, 45); // 12 steps draw 48
        ICausalLM model = family == "gpt2" ? TinyTraining.Gpt2(initSeed) : TinyTraining.Llama(initSeed);
        return new Trainer(model, examples[3..], examples[..3], Settings, TinyTraining.Tokenizer);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void StopAndResumeGivesTheUninterruptedLossCurveBitForBit(string family)
    {
        var straight = NewTrainer(family, 1).Run(TinyTraining.NewDirectory());
        Assert.Equal(12, straight.Losses.Count);
        Assert.False(straight.Canceled);

        var dir = TinyTraining.NewDirectory();
        using var stop = new CancellationTokenSource();
        var first = NewTrainer(family, 1).Run(dir, new SyncProgress<TrainingProgress>(p => { if (p.Step == 6) stop.Cancel(); }), stop.Token);
        Assert.True(first.Canceled);
        Assert.Equal(Path.Combine(dir, "checkpoint-6"), first.Checkpoint);
        Assert.True(Directory.Exists(Path.Combine(dir, "checkpoint-4")));

        // A differently initialised model: everything must come from the checkpoint.
        var resumed = NewTrainer(family, 99);
        resumed.Resume(TrainingCheckpoint.Latest(dir)!);
        Assert.Equal(6, resumed.Step);
        var second = resumed.Run(dir);

        Assert.Equal(straight.Losses, first.Losses.Concat(second.Losses));
        Assert.Equal(straight.EvalLoss, second.EvalLoss);
        var log = MetricsLog.Read(dir);
        Assert.Equal(Enumerable.Range(1, 12), log.Select(r => r.Step));
        Assert.Equal(straight.Losses, log.Select(r => r.Loss));
        Assert.Equal(3, log.Count(r => r.EvalLoss != null));
    }

    [Fact]
    public void AFreshRunRefusesAFolderThatHoldsCheckpoints()
    {
        var dir = TinyTraining.NewDirectory();
        NewTrainer("gpt2", 1).Run(dir, new SyncProgress<TrainingProgress>(_ => { }), new CancellationToken(true));
        Directory.CreateDirectory(Path.Combine(dir, "checkpoint-3"));
        var ex = Assert.Throws<IOException>(() => NewTrainer("gpt2", 1).Run(dir));
        Assert.Contains("checkpoint-3", ex.Message);
    }

    [Fact]
    public void ResumingWithOtherDataIsAnError()
    {
        var dir = TinyTraining.NewDirectory();
        using var stop = new CancellationTokenSource();
        var run = NewTrainer("gpt2", 1).Run(dir, new SyncProgress<TrainingProgress>(_ => stop.Cancel()), stop.Token);
        var examples = TinyTraining.Text(documents: 20);
        var other = new Trainer(TinyTraining.Gpt2(), examples, [], Settings);
        var ex = Assert.Throws<InvalidDataException>(() => other.Resume(run.Checkpoint!));
        Assert.Contains("examples", ex.Message);
    }

    [Fact]
    public void ResumingWithAnotherStepCountIsRefusedUnlessExtendedAndExtendingKeepsTheSchedule()
    {
        var dir = TinyTraining.NewDirectory();
        var first = NewTrainer("gpt2", 1).Run(dir); // 12 steps: warm-up 3, cosine down to lr/10 at step 12
        var checkpoint = TrainingCheckpoint.Latest(dir)!;

        var longer = Settings with { Steps = 20 };
        var examples = TinyTraining.Text(documents: 4);
        var respread = new Trainer(TinyTraining.Gpt2(1), examples[3..], examples[..3], longer, TinyTraining.Tokenizer);
        var ex = Assert.Throws<InvalidDataException>(() => respread.Resume(checkpoint));
        Assert.Contains("schedule spans 12 steps", ex.Message);
        Assert.Contains("--extend", ex.Message);

        // Extended: the original schedule is kept, so the extra steps train at its final rate instead of jumping back up.
        var extended = new Trainer(TinyTraining.Gpt2(1), examples[3..], examples[..3], longer with { ScheduleSteps = 12 }, TinyTraining.Tokenizer);
        extended.Resume(checkpoint);
        extended.Run(dir);
        var log = MetricsLog.Read(dir);
        Assert.Equal(Enumerable.Range(1, 20), log.Select(r => r.Step));
        float floor = Settings.LearningRate * Settings.MinLearningRateRatio;
        Assert.All(log.Where(r => r.Step > 12), r => Assert.Equal(floor, r.LearningRate, 6));
        Assert.Equal(first.Losses, log.Take(12).Select(r => r.Loss));
    }
}
