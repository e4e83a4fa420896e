using System.Text.Json.Serialization;

namespace AlignLab.Models.Training;

/// <summary>
/// <c>trainer_state.json</c> of a checkpoint: the step, the data order's position (seed, epoch, cursor) and, for
/// checking that a resume continues the same run, the number of training examples and the settings used.
/// </summary>
public sealed record TrainerState(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("cursor")] int Cursor,
    [property: JsonPropertyName("train_examples")] int TrainExamples,
    [property: JsonPropertyName("settings")] TrainerSettings Settings);
