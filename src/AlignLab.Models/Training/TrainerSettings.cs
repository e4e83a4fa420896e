namespace AlignLab.Models.Training;

/// <summary>
/// Optimisation settings of <see cref="Trainer"/>: AdamW with linear warm-up then cosine decay to
/// <see cref="MinLearningRateRatio"/>·peak at <see cref="Steps"/>, global-norm clipping, gradient accumulation
/// (an optimizer step sees <see cref="BatchSize"/> × <see cref="GradientAccumulation"/> sequences).
/// </summary>
public sealed record TrainerSettings
{
    /// <summary>Optimizer steps of the whole run (also the length of the cosine schedule unless <see cref="ScheduleSteps"/> is set).</summary>
    public int Steps { get; init; } = 1000;
    /// <summary>
    /// Length of the warm-up + cosine schedule when it differs from <see cref="Steps"/>: a run extended beyond its
    /// original schedule keeps it, and trains the extra steps at the schedule's final rate. Null: <see cref="Steps"/>.
    /// </summary>
    public int? ScheduleSteps { get; init; }

    public int ScheduleLength => ScheduleSteps ?? Steps;
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

    /// <summary>Checks every field; an error names the field (its ParamName), which the CLI maps to its flag.</summary>
    public void Validate()
    {
        AtLeast(1, Steps, nameof(Steps)); AtLeast(1, BatchSize, nameof(BatchSize)); AtLeast(1, GradientAccumulation, nameof(GradientAccumulation));
        AtLeast(1, EvalBatches, nameof(EvalBatches)); AtLeast(1, ScheduleLength, nameof(ScheduleSteps));
        AtLeast(0, WarmupSteps, nameof(WarmupSteps)); AtLeast(0, EvalEvery, nameof(EvalEvery)); AtLeast(0, SaveEvery, nameof(SaveEvery));
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate))
            throw new ArgumentException($"{nameof(LearningRate)} must be positive, got {LearningRate}", nameof(LearningRate));
        if (!(MaxGradNorm >= 0)) throw new ArgumentException($"{nameof(MaxGradNorm)} must not be negative, got {MaxGradNorm}", nameof(MaxGradNorm));
        if (!(WeightDecay >= 0)) throw new ArgumentException($"{nameof(WeightDecay)} must not be negative, got {WeightDecay}", nameof(WeightDecay));
    }

    private static void AtLeast(int minimum, int value, string field)
    {
        if (value < minimum) throw new ArgumentException($"{field} must be at least {minimum}, got {value}", field);
    }
}
