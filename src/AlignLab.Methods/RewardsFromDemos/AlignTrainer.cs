namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>Runs one method from a <see cref="Foundation"/>.</summary>
public static class AlignTrainer
{
    /// <param name="checkpoints">When set, IRFT and IRL write each stage's or round's policy (and IRL its reward head) under this folder.</param>
    public static AlignOutcome Run(AlignMethod method, Foundation foundation, IProgress<double>? progress = null, CancellationToken cancel = default, string? checkpoints = null) => method switch
    {
        AlignMethod.Sft => ContinuedSft.Run(foundation, progress, cancel),
        AlignMethod.Spin => SelfPlay.Run(foundation, 1, progress, cancel, checkpoints),
        AlignMethod.Irft => SelfPlay.Run(foundation, foundation.Settings.Stages, progress, cancel, checkpoints),
        AlignMethod.Irl => DemonstrationIrl.Run(foundation, progress, cancel, checkpoints),
        AlignMethod.IrlStrongReward => DemonstrationIrl.Run(foundation, progress, cancel, checkpoints, strongReward: true),
        AlignMethod.Dpo => OraclePreferenceDpo.Run(foundation, progress, cancel),
        _ => throw new ArgumentException($"unknown method {method}", nameof(method)),
    };
}
