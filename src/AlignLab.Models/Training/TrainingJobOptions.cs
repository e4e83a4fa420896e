using AlignLab.Models.Data;

namespace AlignLab.Models.Training;

/// <summary>Everything <c>alignlab train</c> is told: what model, which data in which format, how to optimise and where to write.</summary>
public sealed record TrainingJobOptions
{
    /// <summary>"gpt2" or "llama" (a fresh model of <see cref="Size"/>) or a Hugging Face folder: with weights it is fine-tuned, with only config.json it is trained from scratch.</summary>
    public string ModelConfig { get; init; } = "gpt2";
    public ModelSize Size { get; init; } = ModelSize.Tiny;
    /// <summary><c>builtin:world</c>, a .jsonl file or a .txt file.</summary>
    public string Data { get; init; } = TrainingData.BuiltinWorld;
    public DataFormat Format { get; init; } = DataFormat.Text;
    /// <summary>Tokenizer folder; by default the model folder's tokenizer, else a BPE of <see cref="VocabSize"/> trained on the data.</summary>
    public string? Tokenizer { get; init; }
    public int VocabSize { get; init; } = 512;
    /// <summary>Tokens per training sequence; by default the size's context (fresh models) or min(positions, 256) (folders).</summary>
    public int? Context { get; init; }
    /// <summary>Share of the examples (taken from the end of the data) held out for the eval loss.</summary>
    public double EvalFraction { get; init; } = 0.05;
    public TrainerSettings Trainer { get; init; } = new();
    public string OutputDir { get; init; } = "runs/train";
    /// <summary>A checkpoint folder, or an output folder whose latest checkpoint is resumed.</summary>
    public string? Resume { get; init; }
    /// <summary>
    /// Resuming with more <see cref="TrainerSettings.Steps"/> than the checkpoint's run: keep that run's learning-rate
    /// schedule and train the extra steps at its final rate (without this, a changed step count is refused).
    /// </summary>
    public bool Extend { get; init; }
}
