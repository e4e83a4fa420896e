using AlignLab.Core.IO;
using AlignLab.Models.Corpora;
using AlignLab.Models.Data;

namespace AlignLab.Models.Training;

/// <summary>
/// Small GPT-2 models pretrained on the built-in world corpus, the common starting point of the method experiments.
/// <see cref="GetOrTrain(string, IProgress{TrainingProgress}?, CancellationToken, string?, bool)"/> returns the cached
/// Hugging Face folder (<c>$ALIGNLAB_HOME/models/&lt;name&gt;-&lt;hash&gt;</c>, default <c>~/.cache/alignlab</c>),
/// training it first when missing. The folder appears in one rename, so a crash never leaves half a cache.
/// </summary>
public static class BaseModels
{
    /// <summary>Trains in well under a minute on one core: for tests and quick experiments.</summary>
    public static readonly BaseModelSpec Tiny = new("tiny", new WorldOptions(), Documents: 1500, CorpusSeed: 1, VocabSize: 384, "gpt2", ModelSize.Tiny,
        new TrainerSettings { Steps = 800, BatchSize = 8, LearningRate = 3e-3f, WarmupSteps = 50, EvalEvery = 100, Seed = 1 });

    /// <summary>A few minutes on two cores; fluent on the corpus.</summary>
    public static readonly BaseModelSpec Small = new("small", new WorldOptions { People = 200, Places = 24, WordsPerList = 16 }, Documents: 8000,
        CorpusSeed: 1, VocabSize: 1024, "gpt2", ModelSize.Small,
        new TrainerSettings { Steps = 2000, BatchSize = 16, LearningRate = 2e-3f, WarmupSteps = 100, EvalEvery = 200, Seed = 1 });

    public static IReadOnlyList<BaseModelSpec> All { get; } = [Tiny, Small];

    public static BaseModelSpec Get(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"base model '{name}' is not one of {string.Join(", ", All.Select(s => s.Name))}");

    /// <summary><c>$ALIGNLAB_HOME/models</c>, or <c>~/.cache/alignlab/models</c> when the variable is unset.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("ALIGNLAB_HOME") is { Length: > 0 } home
            ? Path.Combine(home, "models")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "alignlab", "models");

    public static string PathOf(BaseModelSpec spec, string? root = null) => Path.Combine(root ?? CacheRoot, $"{spec.Name}-{spec.Hash()}");

    /// <summary>The world the base model was trained on, for building forget/retain sets and QA about it.</summary>
    public static World World(BaseModelSpec spec) => new(spec.World);

    public static string GetOrTrain(string name, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default,
        string? root = null, bool retrain = false) => GetOrTrain(Get(name), progress, cancel, root, retrain);

    public static string GetOrTrain(BaseModelSpec spec, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default,
        string? root = null, bool retrain = false)
    {
        var target = PathOf(spec, root);
        if (!retrain && File.Exists(Path.Combine(target, "config.json"))) return target;
        var work = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.work");
        try
        {
            var data = TrainingData.Builtin(World(spec), DataFormat.Text, spec.Documents, spec.CorpusSeed);
            var job = TrainingJob.Prepare(new TrainingJobOptions
            {
                ModelConfig = spec.Family, Size = spec.Size, VocabSize = spec.VocabSize, Trainer = spec.Training, OutputDir = work,
            }, data);
            var result = job.Run(progress, cancel);
            if (result.FinalDirectory is null) throw new OperationCanceledException($"training base model '{spec.Name}' was interrupted; nothing was cached");
            // Another process may have cached the same spec meanwhile; its folder is as good as ours.
            if (!retrain && File.Exists(Path.Combine(target, "config.json"))) return target;
            Checkpoints.AtomicDirectory.Write(target, dir =>
            {
                foreach (var file in Directory.GetFiles(result.FinalDirectory)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                File.Copy(Path.Combine(work, MetricsLog.FileName), Path.Combine(dir, MetricsLog.FileName));
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
