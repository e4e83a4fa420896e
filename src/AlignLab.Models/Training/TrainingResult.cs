namespace AlignLab.Models.Training;

/// <summary>
/// What a <see cref="Trainer.Run"/> call did: the loss of each step it ran (steps <see cref="FirstStep"/>+1 …
/// <see cref="LastStep"/>), the final held-out loss, the mean throughput and the checkpoint written last.
/// </summary>
public sealed record TrainingResult(int FirstStep, int LastStep, IReadOnlyList<double> Losses, double? EvalLoss,
    double TokensPerSecond, TimeSpan Elapsed, bool Canceled, string? Checkpoint)
{
    public double? FinalLoss => Losses.Count > 0 ? Losses[^1] : null;
}
