using System.Text.Json;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Corpora;
using AlignLab.Models.Data;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class TrainingJobTests
{
    private static readonly ModelSize Micro = new("micro", 1, 16, 2, 64);
    private static readonly TrainerSettings Few = new() { Steps = 4, BatchSize = 2, LearningRate = 1e-2f, Seed = 2 };

    private static string WriteJsonl(IEnumerable<object> records)
    {
        var path = Path.Combine(TinyTraining.NewDirectory(), "data.jsonl");
        File.WriteAllLines(path, records.Select(r => JsonSerializer.Serialize(r)));
        return path;
    }

    [Fact]
    public void PretrainThenFineTuneOnChatMessagesFromTheFinalFolder()
    {
        var textFile = WriteJsonl(WorldCorpus.Documents(TinyTraining.World, 40, 1).Select(t => new { text = t }));
        var pretrain = TrainingJob.Prepare(new TrainingJobOptions { Size = Micro, Data = textFile, VocabSize = 300, Trainer = Few, OutputDir = TinyTraining.NewDirectory() });
        var first = pretrain.Run();
        Assert.Equal(4, first.Training.LastStep);
        Assert.True(File.Exists(Path.Combine(first.FinalDirectory!, ModelDirectory.SummaryFile)));
        var model = HfCheckpoint.Load(first.FinalDirectory!);
        Assert.Equal("gpt2", model.ModelType);

        var chats = WriteJsonl(WorldCorpus.Conversations(TinyTraining.World, 12, 1).Select(m => new { messages = m.Select(x => new { role = x.Role, content = x.Content }) }));
        var sft = TrainingJob.Prepare(new TrainingJobOptions
        {
            ModelConfig = first.FinalDirectory!, Data = chats, Format = DataFormat.Messages, Trainer = Few, OutputDir = TinyTraining.NewDirectory(),
        });
        Assert.Equal(64, sft.Context); // min(the folder's 64 positions, 256)
        Assert.Equal(ByteLevelBpeTokenizer.FromDirectory(first.FinalDirectory!).VocabSize, sft.Trainer.Tokenizer!.VocabSize);
        // Fine-tuning starts from the pretrained weights: its first loss is the pretrained model's, not a fresh one's.
        Assert.Equal(model.Module.StateDict()["wte.weight"].ToArray(), sft.Trainer.Model.Module.StateDict()["wte.weight"].ToArray());
        Assert.Equal(4, sft.Run().Training.LastStep);
    }

    [Fact]
    public void ResumeFromTheOutputFolderContinuesItsLatestCheckpoint()
    {
        var output = TinyTraining.NewDirectory();
        var options = new TrainingJobOptions { ModelConfig = "llama", Size = Micro, Context = 32, Format = DataFormat.PromptCompletion, VocabSize = 300, Trainer = Few with { SaveEvery = 2 }, OutputDir = output };
        var straight = TrainingJob.Prepare(options with { OutputDir = TinyTraining.NewDirectory() }).Run();

        using var stop = new CancellationTokenSource();
        var part = TrainingJob.Prepare(options).Run(new SyncProgress<TrainingProgress>(p => { if (p.Step == 2) stop.Cancel(); }), stop.Token);
        Assert.Null(part.FinalDirectory);
        var resumed = TrainingJob.Prepare(options with { Resume = output });
        Assert.Equal(Path.Combine(output, "checkpoint-2"), resumed.ResumedFrom);
        var rest = resumed.Run();
        Assert.Equal(straight.Training.Losses, part.Training.Losses.Concat(rest.Training.Losses));
    }

    [Fact]
    public void BadOptionsFailBeforeTraining()
    {
        var dir = TinyTraining.NewDirectory();
        Assert.Contains("neither gpt2, llama", Assert.Throws<FileNotFoundException>(() =>
            TrainingJob.Prepare(new TrainingJobOptions { ModelConfig = dir, OutputDir = dir })).Message);
        Assert.Contains("no checkpoint-N", Assert.Throws<DirectoryNotFoundException>(() =>
            TrainingJob.Prepare(new TrainingJobOptions { Resume = dir, OutputDir = dir })).Message);
        Assert.Contains("--ctx 999", Assert.Throws<ArgumentException>(() =>
            TrainingJob.Prepare(new TrainingJobOptions { Size = Micro, Context = 999, ModelConfig = TinyModelFolder(), OutputDir = dir })).Message);
    }

    private static string TinyModelFolder()
    {
        var dir = TinyTraining.NewDirectory();
        ModelDirectory.Save(dir, TinyTraining.Gpt2(), TinyTraining.Tokenizer);
        return dir;
    }
}
