using AlignLab.Methods.RewardsFromDemos.Tasks;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// Everything that defines one alignment run: the data, the tiny GPT-2, the weak base model's and the SFT model's
/// training, and every method's budget. All methods start from the same SFT model and take the same number of policy
/// gradient steps (<see cref="MethodSteps"/>).
/// </summary>
public sealed record AlignSettings
{
    public AlignTask Task { get; init; } = AlignTask.Arithmetic;
    public TaskDatasetSizes Data { get; init; } = new();
    public int Width { get; init; } = 48;
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 4;
    /// <summary>Steps of the weak base model on the noisy corpus.</summary>
    public int PretrainSteps { get; init; } = 1000;
    public float PretrainLearningRate { get; init; } = 3e-3f;
    /// <summary>Steps of supervised fine-tuning on the demonstrations: the starting point of every method.</summary>
    public int SftSteps { get; init; } = 400;
    public float SftLearningRate { get; init; } = 1e-3f;
    /// <summary>Sequences (or pairs, or prompts × samples) per gradient step.</summary>
    public int Batch { get; init; } = 32;
    /// <summary>Policy gradient steps of every method after SFT.</summary>
    public int MethodSteps { get; init; } = 300;
    /// <summary>The learning rate of the method's policy steps (tuned per method on validation prompts; see <see cref="MethodGrid"/>).</summary>
    public float MethodLearningRate { get; init; } = 1e-4f;
    /// <summary>Rounds of the IRL method (reward update, then policy update).</summary>
    public int Rounds { get; init; } = 3;
    /// <summary>Stages of IRFT (each regenerates for its chunk of prompts and freezes its reference); SPIN is one stage.</summary>
    public int Stages { get; init; } = 5;
    /// <summary>β of the implicit reward β·log π/π_ref (SPIN, IRFT, DPO).</summary>
    public float Beta { get; init; } = 0.1f;
    /// <summary>β of the KL penalty toward the previous iterate in the IRL policy step.</summary>
    public float KlBeta { get; init; } = 0.05f;
    /// <summary>Samples per prompt of the RLOO policy step (and of the oracle preference pairs).</summary>
    public int Samples { get; init; } = 4;
    /// <summary>Temperature of the generated negatives (SPIN, IRFT, IRL pairs).</summary>
    public float PairTemperature { get; init; } = 0.7f;
    /// <summary>Bradley–Terry steps of the reward model per IRL round (trained from the SFT model each round).</summary>
    public int RewardSteps { get; init; } = 300;
    public float RewardLearningRate { get; init; } = 3e-4f;
    /// <summary>The stronger reward model's own samples per demonstration and round (IRL draws one).</summary>
    public int StrongRewardNegatives { get; init; } = 4;
    /// <summary>The stronger reward model's Bradley–Terry steps per round, as a multiple of <see cref="RewardSteps"/>.</summary>
    public int StrongRewardStepFactor { get; init; } = 3;

    /// <summary>The quick size: a smaller corpus, fewer demonstrations and shorter training (minutes become seconds).</summary>
    public static AlignSettings Quick(AlignTask task) => new()
    {
        Task = task, Data = new TaskDatasetSizes { Pretraining = 8_000, Demonstrations = 600, HeldOut = 150, Validation = 100 },
        PretrainSteps = 500, SftSteps = 250, MethodSteps = 60, RewardSteps = 80, Rounds = 2, Stages = 2, StrongRewardNegatives = 2, StrongRewardStepFactor = 2,
    };

    public void Validate()
    {
        Data.Validate();
        Positive(Width, nameof(Width)); Positive(Layers, nameof(Layers)); Positive(Heads, nameof(Heads));
        if (Width % Heads != 0) throw new ArgumentException($"Width {Width} must be a multiple of Heads {Heads}", nameof(Width));
        Positive(PretrainSteps, nameof(PretrainSteps)); Positive(SftSteps, nameof(SftSteps)); Positive(Batch, nameof(Batch));
        Positive(MethodSteps, nameof(MethodSteps)); Positive(Rounds, nameof(Rounds)); Positive(Stages, nameof(Stages)); Positive(RewardSteps, nameof(RewardSteps));
        Positive(StrongRewardNegatives, nameof(StrongRewardNegatives)); Positive(StrongRewardStepFactor, nameof(StrongRewardStepFactor));
        if (Samples < 2) throw new ArgumentException($"Samples must be at least 2 (a leave-one-out baseline), got {Samples}", nameof(Samples));
        if (Batch % Samples != 0) throw new ArgumentException($"Batch {Batch} must be a multiple of Samples {Samples}", nameof(Batch));
        if (MethodSteps < Rounds || MethodSteps < Stages) throw new ArgumentException($"MethodSteps {MethodSteps} must be at least Rounds and Stages", nameof(MethodSteps));
        foreach (var (value, name) in new[] { (PretrainLearningRate, nameof(PretrainLearningRate)), (SftLearningRate, nameof(SftLearningRate)), (MethodLearningRate, nameof(MethodLearningRate)),
                                              (RewardLearningRate, nameof(RewardLearningRate)), (Beta, nameof(Beta)) })
            if (!(value > 0 && float.IsFinite(value))) throw new ArgumentException($"{name} must be positive and finite, got {value}", name);
        if (!(KlBeta >= 0 && float.IsFinite(KlBeta))) throw new ArgumentException($"KlBeta must be finite and >= 0, got {KlBeta}", nameof(KlBeta));
        if (!(PairTemperature >= 0 && float.IsFinite(PairTemperature))) throw new ArgumentException($"PairTemperature must be finite and >= 0, got {PairTemperature}", nameof(PairTemperature));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1, got {value}", name);
    }
}
