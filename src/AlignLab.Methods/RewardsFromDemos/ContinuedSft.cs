namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>The equal-budget baseline: the SFT model fine-tuned further on the same demonstrations.</summary>
public static class ContinuedSft
{
    public static AlignOutcome Run(Foundation foundation, IProgress<double>? progress, CancellationToken cancel)
    {
        var s = foundation.Settings;
        var policy = Models.Policy.PolicySnapshots.Clone(foundation.Sft);
        PolicyTraining.Supervised(policy, foundation.DemoPrompts, foundation.Data.Demonstrations, s.MethodSteps, s.Batch, s.MethodLearningRate,
            Foundation.Stream(foundation.Seed, 100 + (ulong)AlignMethod.Sft), progress, cancel);
        policy.Module.Eval();
        return new AlignOutcome(AlignMethod.Sft, policy, null, []);
    }
}
