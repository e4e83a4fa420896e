namespace AlignLab.Models.Training;

/// <summary>
/// Optimisation settings of <see cref="Trainer"/>: AdamW with linear warm-up then cosine decay to
/// <see cref="MinLearningRateRatio"/>·peak at <see cref="Steps"/>, global-norm clipping, gradient accumulation
/// (an optimizer step sees <see cref="BatchSize"/> × <see cref="GradientAccumulation"/> sequences).
/// </summary>
public sealed record TrainerSettings
{
    /// <summary>Optimizer steps of the whole run (also the length of the cosine schedule).</summary>
    public int Steps { get; init; } = 1000;
    /// <summary>Sequences per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;
    public int GradientAccumulation { get; init; } = 1;
    public float LearningRate { get; init; } = 1e-3f;
    public float MinLearningRateRatio { get; init; } = 0.1f;
    public int WarmupSteps { get; init; }
    public float WeightDecay { get; init; }
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.95f;
    /// <summary>Clip the global gradient norm to this (0: no clipping).</summary>
    public float MaxGradNorm { get; init; } = 1f;
    /// <summary>Held-out loss every this many steps and at the end (0: only at the end).</summary>
    public int EvalEvery { get; init; }
    /// <summary>Micro-batches of held-out examples per evaluation.</summary>
    public int EvalBatches { get; init; } = 8;
    /// <summary>Checkpoint every this many steps (0: only at the end or on interruption).</summary>
    public int SaveEvery { get; init; }
    /// <summary>Seed of the data order (the model's initialisation is seeded by whoever builds it).</summary>
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        Positive(Steps, "--steps"); Positive(BatchSize, "--batch"); Positive(GradientAccumulation, "--accum"); Positive(EvalBatches, "eval batches");
        if (WarmupSteps < 0 || EvalEvery < 0 || SaveEvery < 0) throw new ArgumentException("--warmup, --eval-every and --save-every must not be negative");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new ArgumentException($"--lr must be positive, got {LearningRate}");
        if (MaxGradNorm < 0 || WeightDecay < 0) throw new ArgumentException("--max-grad-norm and --weight-decay must not be negative");
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1, got {value}");
    }
}
