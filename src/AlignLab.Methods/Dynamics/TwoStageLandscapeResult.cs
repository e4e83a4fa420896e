using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>One slice around one kernel's stage-2 end point.</summary>
/// <param name="Values">f on the grid (row = β along d2, column = α along d1; the centre is the end point).</param>
public sealed record LandscapeSlice(AttentionKernel Kernel, double Range, double[,] Values, LandscapeRoughness Roughness);

/// <summary>Stage 2 of one kernel and the slices around its end point.</summary>
/// <param name="StartLoss">This kernel's loss at the stage-1 end point (where stage 2 starts).</param>
/// <param name="EndLoss">After stage 2.</param>
/// <param name="Displacement">‖W_end − W_start‖ of stage 2 (the unnormalised d1).</param>
public sealed record StageTwoOutcome(AttentionKernel Kernel, double StartLoss, double EndLoss, double GradientRatio,
                                     double Displacement, IReadOnlyList<LandscapeSlice> Slices)
{
    public LandscapeSlice Slice(double range)
    {
        foreach (var slice in Slices) if (slice.Range == range) return slice;
        throw new KeyNotFoundException($"no slice at range {range} for {Kernel.Name()}");
    }
}

/// <summary>One seed: the shared stage 1 and one stage 2 per kernel.</summary>
public sealed record TwoStageTrial(int Seed, double InitialLoss, double Stage1Loss, IReadOnlyList<StageTwoOutcome> Stage2)
{
    public StageTwoOutcome Outcome(AttentionKernel kernel)
    {
        foreach (var outcome in Stage2) if (outcome.Kernel == kernel) return outcome;
        throw new KeyNotFoundException($"no stage 2 with {kernel.Name()} for seed {Seed}");
    }
}

public sealed record TwoStageLandscapeResult(TwoStageLandscapeSettings Settings, IReadOnlyList<TwoStageTrial> Trials, TimeSpan Elapsed)
{
    /// <summary>One roughness number of one kernel and range, over all seeds.</summary>
    public double[] Across(AttentionKernel kernel, double range, Func<LandscapeRoughness, double> number)
    {
        var values = new double[Trials.Count];
        for (int i = 0; i < values.Length; i++) values[i] = number(Trials[i].Outcome(kernel).Slice(range).Roughness);
        return values;
    }
}
