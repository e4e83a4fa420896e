using System.Diagnostics;
using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Models.Data;
using AlignLab.Models.Distributed;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Training;

/// <summary>
/// Trains an <see cref="ICausalLM"/> on <see cref="TrainingExample"/>s (pretraining windows or masked SFT examples):
/// AdamW, warm-up + cosine schedule, gradient accumulation, global-norm clipping, held-out loss, <c>metrics.jsonl</c>
/// and atomic checkpoints. Everything a step depends on (weights, moments, step, data order) is in a checkpoint, so a
/// resumed run reproduces the uninterrupted run's losses bit for bit.
/// In a data-parallel <see cref="ProcessGroup"/> every rank draws the same global batch and trains on its share;
/// gradients are summed over ranks before clipping, so the run follows the one-process run with the same settings
/// (up to float summation order), and only rank 0 writes.
/// </summary>
public sealed class Trainer
{
    private readonly IReadOnlyList<TrainingExample> _train;
    private readonly IReadOnlyList<Batch> _eval;

    public ICausalLM Model { get; }
    public ITextTokenizer? Tokenizer { get; }
    public TrainerSettings Settings { get; }
    public AdamW Optimizer { get; }
    public ILrSchedule Schedule { get; }
    public DataOrder Order { get; private set; }
    public ProcessGroup Group { get; }
    /// <summary>Time spent summing gradients over the ranks (waiting for the slowest rank included).</summary>
    public TimeSpan Communication { get; private set; }
    /// <summary>Optimizer steps completed.</summary>
    public int Step { get; private set; }

    public Trainer(ICausalLM model, IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample> eval, TrainerSettings settings,
        ITextTokenizer? tokenizer = null, ProcessGroup? group = null)
    {
        settings.Validate();
        CheckIds(train, model);
        CheckIds(eval, model);
        (Model, Tokenizer, Settings, _train, Group) = (model, tokenizer, settings, train, group ?? ProcessGroup.Single);
        if (Group.Size > 1)
        {
            DataParallel.Shard(settings.BatchSize * settings.GradientAccumulation, Group);
            DataFingerprint.CheckSame(train, Group);
            DataParallel.BroadcastParameters(model.Module.Parameters().ToList(), Group);
        }
        Optimizer = new AdamW(model.Module.Parameters(), settings.LearningRate, settings.Beta1, settings.Beta2, weightDecay: settings.WeightDecay);
        Schedule = new CosineLr(settings.LearningRate, settings.WarmupSteps, settings.ScheduleLength, settings.LearningRate * settings.MinLearningRateRatio);
        Order = new DataOrder(train.Count, settings.Seed);
        var batches = new List<Batch>();
        for (int i = 0; i < eval.Count && batches.Count < settings.EvalBatches; i += settings.BatchSize)
            batches.Add(Batch.Collate(eval.Skip(i).Take(settings.BatchSize).ToList()));
        _eval = batches;
    }

    /// <summary>
    /// One optimizer step over <see cref="TrainerSettings.BatchSize"/> × <see cref="TrainerSettings.GradientAccumulation"/>
    /// sequences (over all ranks), in micro-batches of at most <see cref="TrainerSettings.BatchSize"/>; returns (mean loss,
    /// grad norm before clipping, tokens of the whole step).
    /// </summary>
    public (double Loss, double GradNorm, int Tokens) TrainStep()
    {
        var step = new TrainingExample[Settings.BatchSize * Settings.GradientAccumulation];
        long targets = 0;
        int tokens = 0;
        for (int i = 0; i < step.Length; i++)
        {
            step[i] = _train[Order.Next()];
            targets += step[i].TrainedCount;
            tokens += step[i].Ids.Length - 1;
        }
        if (targets == 0) throw new ArgumentException("the batches hold no trained token");
        var (start, count) = DataParallel.Shard(step.Length, Group);
        var micro = new List<Batch>();
        for (int i = start; i < start + count; i += Settings.BatchSize)
            micro.Add(Batch.Collate(step[i..Math.Min(i + Settings.BatchSize, start + count)]));
        Model.Module.Train();
        Optimizer.ZeroGrad();
        double loss = GradientAccumulation.Backward(Model, micro, targets);
        var parameters = Optimizer.Parameters;
        if (Group.Size > 1)
        {
            long exchange = Stopwatch.GetTimestamp();
            DataParallel.AllReduceGradients(parameters, Group);
            loss = Group.AllReduceSum(loss);
            Communication += Stopwatch.GetElapsedTime(exchange);
        }
        double norm = Settings.MaxGradNorm > 0 ? GradClip.ClipByGlobalNorm(parameters, Settings.MaxGradNorm) : GradClip.GlobalNorm(parameters);
        Optimizer.LearningRate = Schedule.At(Step);
        Optimizer.Step();
        Step++;
        return (loss, norm, tokens);
    }

    /// <summary>Mean loss over the held-out batches (spread over the ranks), or null without held-out examples.</summary>
    public double? Evaluate()
    {
        if (_eval.Count == 0) return null;
        Model.Module.Eval();
        try
        {
            var mine = _eval.Where((_, i) => i % Group.Size == Group.Rank);
            return Group.AllReduceSum(GradientAccumulation.LossSum(Model, mine)) / GradientAccumulation.TotalTargets(_eval);
        }
        finally { Model.Module.Train(); }
    }

    /// <summary>
    /// Trains until <see cref="TrainerSettings.Steps"/> or until <paramref name="cancel"/> fires (checked between steps).
    /// With <paramref name="outputDir"/> it writes <c>metrics.jsonl</c> and checkpoints, always one at the end (also when
    /// canceled), so a run stopped with Ctrl+C can be resumed.
    /// </summary>
    public TrainingResult Run(string? outputDir = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        if (outputDir != null && Step == 0 && TrainingCheckpoint.Latest(outputDir) is string existing)
            throw new IOException($"{outputDir} already holds {Path.GetFileName(existing)}; resume from it or choose another output folder");
        outputDir = Group.IsRoot ? outputDir : null;
        if (outputDir != null) Directory.CreateDirectory(outputDir);
        using var log = outputDir is null ? null : MetricsLog.Open(outputDir, Step);
        int first = Step;
        var losses = new List<double>();
        string? checkpoint = null;
        int savedStep = first;
        double? evalLoss = null;
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        var communicated = Communication;
        while (Step < Settings.Steps && !StopRequested(cancel))
        {
            var stepClock = Stopwatch.StartNew();
            float lr = Schedule.At(Step);
            var (loss, norm, stepTokens) = TrainStep();
            double rate = stepTokens / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9);
            tokens += stepTokens;
            losses.Add(loss);
            double? eval = null;
            if (Step == Settings.Steps || (Settings.EvalEvery > 0 && Step % Settings.EvalEvery == 0)) evalLoss = eval = Evaluate();
            log?.Write(new MetricsRecord(Step, loss, lr, norm, Math.Round(rate, 1), eval, eval is double e ? Math.Exp(e) : null));
            if (outputDir != null && Settings.SaveEvery > 0 && Step % Settings.SaveEvery == 0) (checkpoint, savedStep) = (TrainingCheckpoint.Save(this, outputDir), Step);
            var elapsed = clock.Elapsed;
            var eta = elapsed * ((double)(Settings.Steps - Step) / (Step - first));
            progress?.Report(new TrainingProgress(Step, Settings.Steps, loss, lr, rate, evalLoss, elapsed, eta));
        }
        if (outputDir != null && savedStep != Step) checkpoint = TrainingCheckpoint.Save(this, outputDir);
        return new TrainingResult(first, Step, losses, evalLoss, tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed,
            Step < Settings.Steps, checkpoint, Communication - communicated);
    }

    /// <summary>Whether to stop before the next step: ranks agree, so none is left waiting in a collective.</summary>
    private bool StopRequested(CancellationToken cancel) =>
        Group.Size == 1 ? cancel.IsCancellationRequested : Group.AllReduceSum(cancel.IsCancellationRequested ? 1 : 0) > 0;

    /// <summary>Resumes from a checkpoint folder written by <see cref="TrainingCheckpoint.Save(Trainer, string)"/>.</summary>
    public void Resume(string checkpointDir) => TrainingCheckpoint.Load(this, checkpointDir);

    internal void Restore(TrainerState state)
    {
        Step = state.Step;
        Optimizer.StepCount = state.Step;
        Order = new DataOrder(_train.Count, state.Seed, state.Epoch, state.Cursor);
    }

    private static void CheckIds(IReadOnlyList<TrainingExample> examples, ICausalLM model)
    {
        foreach (var e in examples)
        {
            if (e.Ids.Length - 1 > model.MaxPositions)
                throw new ArgumentException($"a training sequence of {e.Ids.Length - 1} input tokens exceeds the model's {model.MaxPositions} positions; lower --ctx");
            foreach (int id in e.Ids)
                if ((uint)id >= (uint)model.VocabSize)
                    throw new ArgumentException($"token id {id} is outside the model's vocabulary of {model.VocabSize}; the tokenizer does not fit the model");
        }
    }
}
