using AlignLab.Methods.Irl.Maze;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Irl.Experiments;

/// <summary>The IRL experiments in report order.</summary>
public static class IrlExperiments
{
    public static IReadOnlyList<IExperiment> All() =>
        [new SingleVsNestedExperiment(), new ConvergenceRateExperiment(), new WidthSweepExperiment(), new RecoveryTransferExperiment(), new MazeExperiment()];
}
