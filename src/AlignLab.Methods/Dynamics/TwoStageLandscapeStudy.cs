using AlignLab.Core;
using AlignLab.Core.Numerics;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>Runs B3: softmax stage 1, then stage 2 per kernel, then slices around each stage-2 end point.</summary>
public static class TwoStageLandscapeStudy
{
    public static readonly AttentionKernel[] Kernels = [AttentionKernel.Softmax, AttentionKernel.Gaussian];

    public static TwoStageLandscapeResult Measure(TwoStageLandscapeSettings settings, int threads = 1,
                                                  IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var trials = Trials.Map(settings.Seeds.Count, threads, i => RunOne(settings, settings.Seeds[i], cancel), cancel, progress);
        return new TwoStageLandscapeResult(settings, trials, watch.Elapsed);
    }

    public static TwoStageTrial RunOne(TwoStageLandscapeSettings settings, int seed, CancellationToken cancel = default)
    {
        var random = GeneratorDraws.ForTrial(seed, settings.Dim);
        var shape = new AttentionShape(settings.Dim, settings.KeyDim);
        // The targets come from a softmax teacher: the task stage 1 is solving, and if anything a handicap for
        // the Gaussian branch, so a smoother Gaussian landscape is not an artefact of the targets.
        var problem = TeacherStudentRegression.Generate(settings.Sequences, settings.Tokens, shape, AttentionKernel.Softmax,
                                                        settings.TeacherScale, random, settings.TargetRms);
        var w1 = TeacherStudentRegression.Student(problem, shape, settings.StudentScale, random);
        var stage1 = new RegressionObjective(problem.Data, shape, AttentionKernel.Softmax, WeightGroups.Attention);
        double initial = stage1.Loss(w1);
        var log1 = GradientDescent.Run(stage1, w1, new GradientDescentOptions(settings.Stage1Iterations, new ArmijoStep()), cancel: cancel);

        var outcomes = new List<StageTwoOutcome>(Kernels.Length);
        foreach (var kernel in Kernels)
        {
            var objective = new RegressionObjective(problem.Data, shape, kernel, WeightGroups.Attention);
            var w2 = (double[])w1.Clone();
            double start = objective.Loss(w2);
            var log = GradientDescent.Run(objective, w2, new GradientDescentOptions(settings.Stage2Iterations, new ArmijoStep()), cancel: cancel);
            var (d1, d2, displacement) = Directions(shape, w1, w2, seed, settings.Dim);
            var slices = new List<LandscapeSlice>(settings.Ranges.Count);
            foreach (double range in settings.Ranges)
            {
                var values = LossLandscape.Slice(objective.Loss, w2, d1, d2, settings.GridPoints, range);
                slices.Add(new LandscapeSlice(kernel, range, values, LandscapeRoughness.Measure(values)));
            }
            outcomes.Add(new StageTwoOutcome(kernel, start, log.FinalLoss, log.GradientRatio, displacement, slices));
        }
        return new TwoStageTrial(seed, initial, log1.FinalLoss, outcomes);
    }

    /// <summary>
    /// d1 = the stage-2 displacement, d2 = a random direction made orthogonal to it; both filter-normalised
    /// against the end point over the trained matrices (W_Q, W_K).
    /// </summary>
    private static (double[] D1, double[] D2, double Displacement) Directions(AttentionShape shape, double[] start, double[] end, int seed, int dim)
    {
        var filters = new AttentionParameters(shape, end).Filters(WeightGroups.Attention);
        var d1 = new double[end.Length];
        for (int p = 0; p < d1.Length; p++) d1[p] = end[p] - start[p];
        double displacement = Math.Sqrt(DenseKernels.SumOfSquares(d1));
        // Both kernels get the same Gaussian draws, so their slices differ only through the kernel.
        var random = GeneratorDraws.ForTrial(seed, dim).Fork(1);
        if (displacement == 0) d1 = LossLandscape.RandomFilterDirection(end, filters, random);
        else LossLandscape.FilterNormalize(d1, end, filters);
        var d2 = LossLandscape.RandomFilterDirection(end, filters, random);
        LossLandscape.Orthogonalize(d2, d1);
        LossLandscape.FilterNormalize(d2, end, filters);
        return (d1, d2, displacement);
    }
}
