using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Corpora;
using AlignLab.Models.Data;
using AlignLab.Models.Training;

namespace AlignLab.Methods.Steering;

/// <summary>
/// The small GPT-2 the steering experiments run on, pretrained on the <see cref="StyleCorpus"/> (all topics and both
/// sentiments in equal shares, so the unsteered model has no preference). Cached like the base models under
/// <see cref="BaseModels.CacheRoot"/> in a folder named by the hash of everything that determines it.
/// </summary>
public sealed record StyleModelSpec(string Name, int Documents, ulong CorpusSeed, double MixedFraction, int VocabSize, ModelSize Size, TrainerSettings Training)
{
    public const int Version = 1;

    /// <summary>4 blocks, d = 64: a layer sweep has something to sweep, and it trains in well under a minute on two cores.</summary>
    public static readonly StyleModelSpec Default = new("steer-style", Documents: 6000, CorpusSeed: 7, MixedFraction: 0.2, VocabSize: 512,
        new ModelSize("steer", 4, 64, 4, 64),
        new TrainerSettings { Steps = 1200, BatchSize = 16, LearningRate = 3e-3f, WarmupSteps = 60, EvalEvery = 200, Seed = 1 });

    public static World World() => new(new WorldOptions());

    public string Json() => JsonSerializer.Serialize(new { Version, spec = this }, new JsonSerializerOptions { WriteIndented = true });
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json())))[..12];
}

public static class StyleModel
{
    private static readonly Lock Gate = new();

    public static string PathOf(StyleModelSpec spec, string? root = null) => Path.Combine(root ?? BaseModels.CacheRoot, $"{spec.Name}-{spec.Hash()}");

    /// <summary>The cached folder of <paramref name="spec"/>, training it first when missing (once per process at a time).</summary>
    public static string GetOrTrain(StyleModelSpec spec, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default, string? root = null)
    {
        var target = PathOf(spec, root);
        lock (Gate)
        {
            if (File.Exists(Path.Combine(target, "config.json"))) return target;
            var work = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.work");
            try
            {
                var corpus = new StyleCorpus(StyleModelSpec.World(), spec.MixedFraction);
                var docs = corpus.Documents(spec.Documents, new Generator(spec.CorpusSeed));
                var data = new TrainingData("builtin:styles", DataFormat.Text, docs.Select((d, i) => new DataRecord($"builtin:styles#{i}", Text: d.Text)).ToList());
                var job = TrainingJob.Prepare(new TrainingJobOptions { ModelConfig = "gpt2", Size = spec.Size, VocabSize = spec.VocabSize, Trainer = spec.Training, OutputDir = work }, data);
                var result = job.Run(progress, cancel);
                if (result.FinalDirectory is null) throw new OperationCanceledException($"training the steering model '{spec.Name}' was interrupted; nothing was cached");
                AtomicDirectory.Write(target, dir =>
                {
                    foreach (var file in Directory.GetFiles(result.FinalDirectory)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                    AtomicFile.WriteAllText(Path.Combine(dir, "spec.json"), spec.Json());
                });
                return target;
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
        }
    }
}
