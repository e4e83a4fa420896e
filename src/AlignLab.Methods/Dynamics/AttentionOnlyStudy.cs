using AlignLab.Core;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>Runs the B2 grid: for every (kernel, D, seed), teacher–student with only W_Q, W_K trained.</summary>
public static class AttentionOnlyStudy
{
    public static AttentionOnlyResult Measure(AttentionOnlySettings settings, int threads = 1,
                                              IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int perCell = settings.Seeds.Count;
        int cells = settings.Kernels.Count * settings.Dims.Count;
        var runs = Trials.Map(cells * perCell, threads, job =>
        {
            int cell = job / perCell;
            var kernel = settings.Kernels[cell / settings.Dims.Count];
            int dim = settings.Dims[cell % settings.Dims.Count];
            return RunOne(settings, kernel, dim, settings.Seeds[job % perCell], cancel);
        }, cancel, progress);

        var list = new List<AttentionOnlyCell>(cells);
        for (int cell = 0; cell < cells; cell++)
            list.Add(new AttentionOnlyCell(settings.Kernels[cell / settings.Dims.Count], settings.Dims[cell % settings.Dims.Count],
                                           runs.AsSpan(cell * perCell, perCell).ToArray(), settings.SuccessThreshold));
        return new AttentionOnlyResult(settings, list, watch.Elapsed);
    }

    /// <summary>
    /// One trial. The generator depends on (seed, D) only, so both kernels get the same X, W_V and weight draws.
    /// </summary>
    public static AttentionOnlyRun RunOne(AttentionOnlySettings settings, AttentionKernel kernel, int dim, int seed,
                                          CancellationToken cancel = default)
    {
        var random = GeneratorDraws.ForTrial(seed, dim);
        var shape = new AttentionShape(dim, settings.KeyDim);
        var problem = TeacherStudentRegression.Generate(settings.Sequences, settings.Tokens, shape, kernel, settings.TeacherScale, random,
                                                        settings.TargetRms);
        var student = TeacherStudentRegression.Student(problem, shape, settings.StudentScale, random);
        var objective = new RegressionObjective(problem.Data, shape, kernel, WeightGroups.Attention);
        // Success, stop and curves are measured against the zero predictor's loss, not f0: the unnormalised Gaussian
        // student starts with every attention weight ≈ 1, so its f0 is inflated and f/f0 would flatter it.
        double energy = problem.Data.ZeroPredictorLoss;
        var log = GradientDescent.Run(objective, student,
            new GradientDescentOptions(settings.Iterations, new ArmijoStep(), settings.StopRelativeLoss, StopReference: energy), cancel: cancel);
        return new AttentionOnlyRun(seed, log.FinalLoss / energy, log.InitialLoss / energy, log.GradientNorm[^1] / log.FinalLoss,
                                    log.GradientRatio, log.Iterations, log.Stop, SampleCurve(log, settings.Iterations, settings.CurveEvery, energy));
    }

    /// <summary>
    /// f_t/reference (default f_0) at t = 0, every, 2·every, …, iterations (a run that stopped early keeps its last value).
    /// </summary>
    internal static double[] SampleCurve(TrainingLog log, int iterations, int every, double? reference = null)
    {
        int points = (iterations + every - 1) / every + 1;
        double scale = log.InitialLoss / (reference ?? log.InitialLoss);
        var curve = new double[points];
        for (int p = 0; p < points; p++) curve[p] = log.RelativeLossAt(Math.Min(p * every, iterations)) * scale;
        return curve;
    }
}
