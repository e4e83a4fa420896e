using AlignLab.Core;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>Runs the B1 grid: (mode, kernel, D, seed) random-target regression trials.</summary>
public static class DimensionSweepStudy
{
    public static DimensionSweepResult Measure(DimensionSweepSettings settings, int threads = 1,
                                               IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int seeds = settings.Seeds.Count, dims = settings.Dims.Count, kernels = settings.Kernels.Count;
        int total = settings.Modes.Count * kernels * dims * seeds;
        var runs = Trials.Map(total, threads, job =>
        {
            int seed = settings.Seeds[job % seeds];
            int dim = settings.Dims[job / seeds % dims];
            var kernel = settings.Kernels[job / (seeds * dims) % kernels];
            var mode = settings.Modes[job / (seeds * dims * kernels)];
            return RunOne(settings, mode, kernel, dim, seed, cancel);
        }, cancel, progress);
        return new DimensionSweepResult(settings, runs, watch.Elapsed);
    }

    /// <summary>
    /// One trial. The generator depends on (seed, D) only: every mode and kernel starts from the same X, targets
    /// and initial weights.
    /// </summary>
    public static DimensionSweepRun RunOne(DimensionSweepSettings settings, SweepMode mode, AttentionKernel kernel, int dim,
                                           int seed, CancellationToken cancel = default)
    {
        var random = GeneratorDraws.ForTrial(seed, dim);
        var data = RandomTargetRegression.Generate(settings.Sequences, settings.Tokens, dim, 1, random);
        var shape = new AttentionShape(dim, settings.KeyDim);
        var w = new AttentionParameters(shape);
        double attentionStd = settings.AttentionInitScale / Math.Sqrt(settings.KeyDim);
        w.FillGaussian(WeightGroups.Query, attentionStd, random);
        w.FillGaussian(WeightGroups.Key, attentionStd, random);
        w.FillGaussian(WeightGroups.Value, settings.ValueInitStd, random);
        w.SetOutputIdentity();

        var c0 = StackedAttentionOutputs.Build(data, shape, kernel, w.Buffer);
        var (sigmaMin0, sigmaMax0) = StackedAttentionOutputs.Extremes(c0);
        var trainable = mode == SweepMode.AllWeights ? WeightGroups.QueryKeyValue : WeightGroups.Value;
        var objective = new RegressionObjective(data, shape, kernel, trainable);
        // Losses are measured against the zero predictor's ½‖y‖² (the same for both kernels: the targets are shared),
        // not against f0, which depends on the kernel's initial outputs.
        double energy = data.ZeroPredictorLoss;
        // With D ≥ Nn the targets lie in C's range and the W_V optimum is exact zero loss.
        double leastSquares = dim < settings.TargetCount ? StackedAttentionOutputs.LeastSquaresLoss(c0, data.Targets) / energy : 0.0;

        StepRule step = mode == SweepMode.ValueOnlyConstantStep ? new ConstantStep(1.0 / (sigmaMax0 * sigmaMax0)) : new ArmijoStep();
        Func<double[], double>? probe = mode == SweepMode.AllWeights
            ? p => StackedAttentionOutputs.Extremes(StackedAttentionOutputs.Build(data, shape, kernel, p)).SigmaMin
            : null;
        var options = new GradientDescentOptions(settings.Iterations, step, settings.StopRelativeLoss, settings.SigmaEvery, energy);
        var log = GradientDescent.Run(objective, w.Buffer, options, probe, cancel);

        double eta = step is ConstantStep constant ? constant.Eta : log.MeanStep();
        double sigmaFinal = probe is null ? sigmaMin0 : log.SigmaMin[^1].SigmaMin;
        int last = log.Loss.Length - 1;
        return new DimensionSweepRun(
            seed, kernel, dim, mode, log.FinalLoss / energy, log.InitialLoss / energy, log.GradientRatio, log.Iterations, log.Stop,
            sigmaMin0, sigmaMax0, sigmaFinal, leastSquares, eta,
            last > 0 ? log.ObservedRate(0, last) : 1.0, WorstStepRate(log.Loss), 1.0 - eta * sigmaMin0 * sigmaMin0, log.MinimumPlRatio(),
            AttentionOnlyStudy.SampleCurve(log, settings.Iterations, settings.CurveEvery, energy));
    }

    private static double WorstStepRate(double[] loss)
    {
        double worst = 0.0;
        for (int t = 1; t < loss.Length; t++) worst = Math.Max(worst, loss[t] / loss[t - 1]);
        return worst;
    }
}
