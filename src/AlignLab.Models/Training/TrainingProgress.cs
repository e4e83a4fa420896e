namespace AlignLab.Models.Training;

/// <summary>Reported after every optimizer step. <see cref="EvalLoss"/> is the latest held-out loss (null before the first).</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, float LearningRate, double TokensPerSecond,
    double? EvalLoss, TimeSpan Elapsed, TimeSpan Eta);
