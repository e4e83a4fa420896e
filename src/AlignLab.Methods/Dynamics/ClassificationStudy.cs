using AlignLab.Core;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>Runs B4: every (task, kernel, seed) classifier training.</summary>
public static class ClassificationStudy
{
    public static ClassificationResult Measure(ClassificationSettings settings, int threads = 1,
                                               IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int seeds = settings.Seeds.Count, kernels = settings.Kernels.Count;
        int total = settings.Tasks.Count * kernels * seeds;
        var runs = Trials.Map(total, threads, job =>
        {
            var task = settings.Tasks[job / (kernels * seeds)];
            var kernel = settings.Kernels[job / seeds % kernels];
            return RunOne(settings, task, kernel, settings.Seeds[job % seeds], cancel);
        }, cancel, progress);
        return new ClassificationResult(settings, runs, watch.Elapsed);
    }

    /// <summary>
    /// Data, initial weights and minibatch order depend on (seed, task) only, so the two kernels are compared on
    /// the same examples from the same start.
    /// </summary>
    public static ClassificationRun RunOne(ClassificationSettings settings, SyntheticTask task, AttentionKernel kernel, int seed,
                                           CancellationToken cancel = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var random = GeneratorDraws.ForTrial(seed, (long)task);
        var (train, test) = settings.Data(task, random.Fork(0));
        var model = new AttentionClassifier(settings.Model(task, kernel));
        var parameters = model.Initialize(random.Fork(1));
        var curve = ClassifierTraining.Train(model, parameters, train, test, settings.Epochs, settings.BatchSize,
                                             settings.LearningRate, random.Fork(2), cancel);
        int? reached = null;
        for (int epoch = 1; epoch < curve.TestAccuracy.Length && reached is null; epoch++)
            if (curve.TestAccuracy[epoch] >= settings.TargetAccuracy(task)) reached = epoch;
        return new ClassificationRun(task, kernel, seed, curve, reached, watch.Elapsed.TotalSeconds);
    }
}
