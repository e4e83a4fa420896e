using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Data;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;

namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>
/// A small chat model of ours for PrefLite, trained here on dialogues of the correct policy: after a stated
/// preference (and its acknowledgement) and some filler, a food question gets the city's safe dish with the reason;
/// without one, the typical dish. The final question comes in every method's wording (plain, reminder, worked example,
/// retrieved context — with retrieval run exactly as at test time), each always answered correctly, so the model is
/// taught to use a preference wherever it sits but is never taught that one wording is better. Self-critic's requests
/// are never seen in training. Cached under <c>$ALIGNLAB_HOME/models/preflite-chat-&lt;hash&gt;</c>.
/// </summary>
public static class PrefLiteChatModel
{
    public const string ModelName = "preflite-chat";

    public static string PathOf(PrefLiteChatSpec spec, string? root = null) => Path.Combine(root ?? BaseModels.CacheRoot, $"{ModelName}-{spec.Hash()}");

    public static InProcessChatModel Load(string directory, TruncationPolicy truncation) =>
        new(HfCheckpoint.Load(directory), ByteLevelBpeTokenizer.FromDirectory(directory), ModelName + "-" + Path.GetFileName(directory).Split('-')[^1], truncation);

    public static string GetOrTrain(PrefLiteChatSpec spec, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, string? root = null)
    {
        var target = PathOf(spec, root);
        if (File.Exists(Path.Combine(target, "config.json"))) return target;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var work = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.work");
        try
        {
            var generator = new Generator(spec.Seed);
            var sample = Enumerable.Range(0, 800).Select(_ => ChatTemplate.Render(Dialogue(spec, generator.Fork(7), 4))).ToList();
            var tokenizer = TrainingTokenizer.Train(sample, spec.VocabSize);
            var tokenizerDir = Path.Combine(work, "tokenizer");
            Directory.CreateDirectory(tokenizerDir);
            tokenizer.Save(tokenizerDir);
            var records = new List<DataRecord>(spec.Dialogues);
            var dialogues = generator.Fork(1);
            for (int i = 0; i < spec.Dialogues; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var g = dialogues.Fork((ulong)i);
                int filler = (int)(g.NextUInt64() % (ulong)(spec.MaxTrainFiller + 1));
                // Drop filler until the whole conversation fits, so every example ends with its answer.
                List<ChatMessage> messages;
                do messages = Dialogue(spec, g.Fork(0), filler--);
                while (tokenizer.Encode(ChatTemplate.Render(messages)).Count > spec.Context + 1 && filler >= 0);
                records.Add(new DataRecord($"{PrefLiteSuite.BuiltinName}#train{i}", Messages: messages));
            }
            var job = TrainingJob.Prepare(new TrainingJobOptions
            {
                ModelConfig = "gpt2", Size = ModelSize.Tiny, Tokenizer = tokenizerDir, Context = spec.Context, EvalFraction = 0.02, OutputDir = Path.Combine(work, "run"),
                Trainer = new TrainerSettings { Steps = spec.Steps, BatchSize = spec.BatchSize, LearningRate = spec.LearningRate, WarmupSteps = 50, EvalEvery = Math.Max(1, spec.Steps / 5), Seed = spec.Seed },
            }, new TrainingData(PrefLiteSuite.BuiltinName, DataFormat.Messages, records));
            var result = job.Run(progress, cancel);
            if (result.FinalDirectory is null) throw new OperationCanceledException("training the PrefLite chat model was interrupted; nothing was cached");
            if (File.Exists(Path.Combine(target, "config.json"))) return target;
            AtomicDirectory.Write(target, dir =>
            {
                foreach (var file in Directory.GetFiles(result.FinalDirectory)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                AtomicFile.WriteAllText(Path.Combine(dir, "spec.json"), System.Text.Json.JsonSerializer.Serialize(spec));
            });
            return target;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One training conversation with <paramref name="filler"/> filler pairs, drawn from <paramref name="g"/>.</summary>
    public static List<ChatMessage> Dialogue(PrefLiteChatSpec spec, Generator g, int filler)
    {
        var city = PrefLiteWorld.Cities[(int)(g.NextUInt64() % (ulong)PrefLiteWorld.Cities.Count)];
        string attribute = city.Typical.Attributes[(int)(g.NextUInt64() % (ulong)city.Typical.Attributes.Count)];
        bool stated = g.NextDouble() < spec.PreferenceShare;
        string question = PrefLiteText.Question((int)(g.NextUInt64() % (ulong)PrefLiteText.QuestionTemplates.Count), city.Name);
        string preference = PrefLiteText.Preference((int)(g.NextUInt64() % (ulong)PrefLiteText.PreferenceTemplates.Count), attribute);
        var prefTurns = stated ? new List<ChatMessage> { new("user", preference), new("assistant", PrefLiteText.Acknowledgement(attribute)) } : [];
        var fillerTurns = PrefLiteFiller.Pairs(Math.Max(0, filler), g.Fork(3));
        var item = new PrefEvalItem(PrefLiteSuite.Topic, 0, PreferenceForm.Explicit, preference, question, []);
        var builder = new ConversationBuilder(PrefLitePrompts.Prompts);
        double r = g.NextDouble();
        var method = r < 0.45 ? EvalMethod.ZeroShot : r < 0.6 ? EvalMethod.Reminder : r < 0.7 ? EvalMethod.Cot : EvalMethod.Rag;
        string final = builder.GenerationQuestion(method, item, prefTurns, fillerTurns);
        string answer = stated ? PrefLiteText.Compliant(city, attribute) : PrefLiteText.Generic(city);
        return [.. prefTurns, .. fillerTurns, new("user", final), new("assistant", answer)];
    }
}
