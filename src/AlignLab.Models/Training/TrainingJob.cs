using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Data;
using AlignLab.Models.Distributed;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Training;

/// <summary>
/// A training run assembled from <see cref="TrainingJobOptions"/>: data, tokenizer, model, held-out split and a
/// <see cref="Trainer"/> (resumed when asked). <see cref="Prepare"/> does all the checking, so bad options fail before
/// any training starts; <see cref="Run"/> trains and writes <c>OUT/final</c> (model + tokenizer + training.json).
/// </summary>
public sealed class TrainingJob
{
    public const string FinalFolder = "final";

    public TrainingJobOptions Options { get; }
    public Trainer Trainer { get; }
    public int TrainExamples { get; }
    public int EvalExamples { get; }
    public int Context { get; }
    public string? ResumedFrom { get; }

    private TrainingJob(TrainingJobOptions options, Trainer trainer, int train, int eval, int context, string? resumedFrom) =>
        (Options, Trainer, TrainExamples, EvalExamples, Context, ResumedFrom) = (options, trainer, train, eval, context, resumedFrom);

    /// <summary>
    /// Checks the options and builds the run; <paramref name="data"/> replaces loading <see cref="TrainingJobOptions.Data"/>.
    /// In a <paramref name="group"/> of several ranks each rank calls this with the same options (on a shared file system).
    /// </summary>
    public static TrainingJob Prepare(TrainingJobOptions o, TrainingData? data = null, ProcessGroup? group = null)
    {
        o.Trainer.Validate();
        string? resume = o.Resume is null ? null : ResolveCheckpoint(o.Resume);
        if (o.Extend)
        {
            if (resume is null) throw new ArgumentException("extending a run needs a checkpoint to resume from", nameof(o.Extend));
            o = o with { Trainer = o.Trainer with { ScheduleSteps = TrainingCheckpoint.ReadState(resume).Settings.ScheduleLength } };
        }
        data ??= TrainingData.Load(o.Data, o.Format);
        var tokenizer = resume != null ? TokenizerLoader.Load(resume)
            : o.Tokenizer != null ? TokenizerLoader.Load(o.Tokenizer)
            : IsFolder(o.ModelConfig) && ModelDirectory.HasTokenizer(o.ModelConfig) ? TokenizerLoader.Load(o.ModelConfig)
            : (ITextTokenizer)TrainingTokenizer.Train(data.Texts(), o.VocabSize);
        var model = CreateModel(resume ?? o.ModelConfig, o, tokenizer.VocabSize, resume != null);
        if (tokenizer.VocabSize > model.VocabSize)
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabSize} tokens but the model's vocab_size is {model.VocabSize}");
        int context = o.Context ?? (IsFolder(o.ModelConfig) || resume != null ? Math.Min(model.MaxPositions, 256) : o.Size.Context);
        if (context > model.MaxPositions) throw new ArgumentException($"--ctx {context} exceeds the model's {model.MaxPositions} positions");
        var examples = data.Encode(tokenizer, context);
        int eval = examples.Count < 2 ? 0 : Math.Clamp((int)Math.Round(examples.Count * o.EvalFraction), 1, examples.Count - 1);
        var trainer = new Trainer(model, examples[..^eval], examples[^eval..], o.Trainer, tokenizer, group);
        if (resume != null) trainer.Resume(resume);
        return new TrainingJob(o, trainer, examples.Count - eval, eval, context, resume);
    }

    public TrainingJobResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var result = Trainer.Run(Options.OutputDir, progress, cancel);
        if (result.Canceled) return new TrainingJobResult(result, null);
        var final = Path.Combine(Options.OutputDir, FinalFolder);
        if (Trainer.Group.IsRoot) ModelDirectory.Save(final, Trainer.Model, Trainer.Tokenizer, Summary(result));
        Trainer.Group.Barrier(); // the final model exists for every rank once it returns
        return new TrainingJobResult(result, final);
    }

    public object Summary(TrainingResult r) => new
    {
        model_type = Trainer.Model.ModelType, parameters = Trainer.Model.Module.ParameterCount(), data = Options.Data,
        format = DataFormats.Name(Options.Format), ctx = Context, train_examples = TrainExamples, eval_examples = EvalExamples,
        steps = r.LastStep, final_loss = r.FinalLoss, eval_loss = r.EvalLoss, eval_ppl = r.EvalLoss is double e ? Math.Exp(e) : (double?)null,
        ranks = Trainer.Group.Size, communication_share = Math.Round(r.CommunicationShare, 3), tokens_per_s = Math.Round(r.TokensPerSecond), seconds = Math.Round(r.Elapsed.TotalSeconds, 1), settings = Trainer.Settings,
    };

    private static bool IsFolder(string modelConfig) => modelConfig is not ("gpt2" or "llama");

    private static ICausalLM CreateModel(string source, TrainingJobOptions o, int vocabSize, bool resuming)
    {
        var generator = new Generator(o.Trainer.Seed);
        if (!IsFolder(source)) return o.Size.Create(source, vocabSize, o.Context ?? o.Size.Context, generator);
        var config = Path.Combine(source, "config.json");
        if (!File.Exists(config)) throw new FileNotFoundException($"--model-config '{source}' is neither gpt2, llama nor a folder with config.json", config);
        // A resumed model gets its weights from the checkpoint right after, so it is not loaded twice.
        return !resuming && ModelDirectory.HasWeights(source) ? HfCheckpoint.Load(source) : HfCheckpoint.Create(config, generator);
    }

    private static string ResolveCheckpoint(string path)
    {
        if (File.Exists(Path.Combine(path, TrainingCheckpoint.StateFile))) return path;
        return TrainingCheckpoint.Latest(path) ?? throw new DirectoryNotFoundException($"--resume '{path}': no {TrainingCheckpoint.Prefix}N folder or {TrainingCheckpoint.StateFile} there");
    }
}

/// <summary>The trainer's result and the folder of the final model (null when the run was interrupted).</summary>
public sealed record TrainingJobResult(TrainingResult Training, string? FinalDirectory);
