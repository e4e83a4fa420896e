namespace AlignLab.Models.Training;

/// <summary>
/// What a <see cref="Trainer.Run"/> call did: the loss of each step it ran (steps <see cref="FirstStep"/>+1 …
/// <see cref="LastStep"/>), the final held-out loss, the mean throughput, the checkpoint written last, and (data-parallel)
/// the time this rank spent summing gradients over the ranks.
/// </summary>
public sealed record TrainingResult(int FirstStep, int LastStep, IReadOnlyList<double> Losses, double? EvalLoss,
    double TokensPerSecond, TimeSpan Elapsed, bool Canceled, string? Checkpoint, TimeSpan Communication = default)
{
    /// <summary>Share of the run's time spent in gradient all-reduce (0 in one process).</summary>
    public double CommunicationShare => Elapsed > TimeSpan.Zero ? Communication / Elapsed : 0;

    public double? FinalLoss => Losses.Count > 0 ? Losses[^1] : null;
}
