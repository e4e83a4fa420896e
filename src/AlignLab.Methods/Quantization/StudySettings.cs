namespace AlignLab.Methods.Quantization;

/// <summary>Everything one seed of the toy-scale comparison needs: model, pre-training, data, fine-tuning and quantizers.</summary>
public sealed record StudySettings
{
    public required ToyLlama Model { get; init; }
    public required int PretrainSteps { get; init; }
    public int PretrainBatch { get; init; } = 16;
    public float PretrainLearningRate { get; init; } = 3e-3f;
    /// <summary>Characters per pre-training sequence.</summary>
    public int PretrainLength { get; init; } = 128;
    /// <summary>One fine-tuning recipe for every method (float and quantization-aware): same steps, batch and learning rate.</summary>
    public required QatSettings FineTune { get; init; }
    public required int TrainExamples { get; init; }
    public required int TestExamples { get; init; }
    /// <summary>Training sequences for the rotation search and GPTQ's Hessians.</summary>
    public int CalibrationExamples { get; init; } = 32;
    public float Clip { get; init; } = 0.95f;
    public required OutlierInjection Injection { get; init; }
    /// <summary>Points along quantization-aware fine-tuning at which E(·) is measured (besides the start).</summary>
    public int ErrorCheckpoints { get; init; } = 4;
}
