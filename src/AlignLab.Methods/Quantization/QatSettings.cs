namespace AlignLab.Methods.Quantization;

/// <summary>
/// Fine-tuning (full-precision or quantization-aware, the same loop for both): AdamW with weight decay 0, a cosine
/// schedule from <see cref="LearningRate"/> to 0 without warm-up, as the paper's recipes, and global gradient clipping.
/// </summary>
public sealed record QatSettings
{
    public required int Steps { get; init; }
    public int Batch { get; init; } = 16;
    public required float LearningRate { get; init; }
    public float MaxGradNorm { get; init; } = 1f;

    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "steps must be at least 1");
        if (Batch < 1) throw new ArgumentOutOfRangeException(nameof(Batch), Batch, "batch must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "the learning rate must be positive");
    }
}
