using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Reasoning;

/// <summary>One iteration of a method (iteration 0 is the warm-start model).</summary>
/// <param name="Accuracy">Greedy accuracy on the test set of each level.</param>
/// <param name="Samples">Completions generated for training so far (diagnostic draws excluded).</param>
/// <param name="NewExamples">Hard-level examples the θ-step trained on.</param>
/// <param name="ModelSolveRate">Per hard level, the verifier's acceptance rate of samples from the current model (diagnostic).</param>
/// <param name="SamplerSolveRate">Per hard level, the same for the trained sampler's θ-step samples (BRiTE) or the kept fraction (rejection).</param>
/// <param name="Coverage">Per hard level, the fraction of bootstrap problems with at least one accepted sample (rejection sampling).</param>
/// <param name="Sound">Per hard level, of the verified training samples (rejection's accepted ones, the BRiTE sampler's correct ones), the fraction whose rationale is the gold one.</param>
public sealed record IterationRecord(int Iteration, IReadOnlyDictionary<int, double> Accuracy, long Samples, int NewExamples,
    IReadOnlyDictionary<int, double>? ModelSolveRate, IReadOnlyDictionary<int, double>? SamplerSolveRate, IReadOnlyDictionary<int, double>? Coverage,
    PsiStepTrace? Psi, IReadOnlyDictionary<int, double>? Sound = null);

/// <param name="BootstrapSolved">Per bootstrap problem, whether the final model's greedy answer is right.</param>
public sealed record ReasoningRunResult(ReasoningMethod Method, IReadOnlyList<IterationRecord> Iterations, bool[] BootstrapSolved)
{
    public IterationRecord Final => Iterations[^1];
    public long Samples => Final.Samples;
}

/// <summary>The warm start and the iterations of every method.</summary>
public static class ReasoningRun
{
    /// <summary>A fresh model fine-tuned on the easy levels' gold rationales.</summary>
    public static LlamaModel WarmStart(ReasoningData data, ReasoningModelSettings modelSettings, SftSettings sft, Generator generator, CancellationToken cancel = default)
    {
        var model = ReasoningModel.Create(modelSettings, generator.Fork(1));
        var examples = data.WarmStart.Select(p => new SupervisedExample(p.Prompt(), p.GoldCompletion())).ToList();
        SupervisedFineTuning.Train(model, examples, sft, generator.Fork(2), cancel);
        return model;
    }

    public static Dictionary<int, double> TestAccuracy(LlamaModel model, ReasoningData data, CancellationToken cancel = default)
    {
        var accuracy = new Dictionary<int, double>();
        foreach (int level in data.TestLevels) accuracy[level] = ReasoningEvaluation.Accuracy(model, data.Test[level], cancel);
        return accuracy;
    }

    /// <summary>
    /// Runs <see cref="ReasoningRunSettings.Iterations"/> iterations of the method from a copy of <paramref name="warmStart"/>
    /// (which is left unchanged).
    /// </summary>
    public static ReasoningRunResult Run(LlamaModel warmStart, ReasoningData data, ReasoningRunSettings settings, Generator generator,
        IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        var model = ReasoningModel.Clone(warmStart);
        var records = new List<IterationRecord> { new(0, TestAccuracy(model, data, cancel), 0, 0, null, null, null, null) };
        long samples = 0;
        var hard = data.Bootstrap;
        for (int t = 1; t <= settings.Iterations; t++)
        {
            cancel.ThrowIfCancellationRequested();
            var g = generator.Fork((ulong)t);
            Dictionary<int, double>? modelRate = settings.Diagnostics && settings.Method == ReasoningMethod.Brite
                ? SolveRateByLevel(model, hard, settings.Brite.SamplesPerProblem, 1f, g.Fork(1), cancel) : null;
            Dictionary<int, double>? samplerRate = null, coverage = null, sound = null;
            PsiStepTrace? psi = null;
            List<SupervisedExample> examples;
            switch (settings.Method)
            {
                case ReasoningMethod.AnswerSft:
                    examples = hard.Select(p => new SupervisedExample(p.Prompt(), p.AnswerOnlyCompletion())).ToList();
                    break;
                case ReasoningMethod.GoldSft:
                    examples = hard.Select(p => new SupervisedExample(p.Prompt(), p.GoldCompletion())).ToList();
                    break;
                case ReasoningMethod.Rejection:
                    (examples, samplerRate, coverage, sound) = RejectionSample(model, hard, settings.Rejection, g.Fork(2), cancel);
                    samples += (long)settings.Rejection.SamplesPerProblem * hard.Count;
                    break;
                default:
                    var (sampler, trace) = PsiStep.Run(model, hard, settings.Brite.Psi, g.Fork(3), cancel);
                    psi = trace;
                    (examples, samplerRate, sound) = SamplerExamples(sampler, hard, settings.Brite, g.Fork(4), cancel);
                    samples += trace.Samples + (long)settings.Brite.SamplesPerProblem * hard.Count;
                    break;
            }
            int newExamples = examples.Count;
            if (newExamples > 0)
            {
                int replay = (int)Math.Round(settings.ReplayRatio * newExamples);
                var rg = g.Fork(5);
                for (int i = 0; i < replay; i++)
                {
                    var p = data.WarmStart[rg.NextInt(0, data.WarmStart.Count)];
                    examples.Add(new SupervisedExample(p.Prompt(), p.GoldCompletion()));
                }
                if (settings.RestartFromWarmStart) model = ReasoningModel.Clone(warmStart);
                SupervisedFineTuning.Train(model, examples, settings.ThetaStep, g.Fork(6), cancel);
            }
            records.Add(new IterationRecord(t, TestAccuracy(model, data, cancel), samples, newExamples, modelRate, samplerRate, coverage, psi, sound));
            progress?.Report((double)t / settings.Iterations);
        }
        var solved = ReasoningEvaluation.Solved(model, hard, 1, ReasoningEvaluation.Greedy(), null, cancel).Select(c => c > 0).ToArray();
        return new ReasoningRunResult(settings.Method, records, solved);
    }

    /// <summary>Rejection sampling: N completions per problem from the model, the first K accepted ones kept.</summary>
    private static (List<SupervisedExample>, Dictionary<int, double> AcceptRate, Dictionary<int, double> Coverage, Dictionary<int, double> Sound) RejectionSample(
        LlamaModel model, IReadOnlyList<ArithmeticProblem> problems, RejectionSettings settings, Generator generator, CancellationToken cancel)
    {
        var examples = new List<SupervisedExample>();
        var kept = new int[problems.Count];
        var accepted = new int[problems.Count];
        var sound = new int[problems.Count];
        foreach (var (start, batch) in ReasoningEvaluation.SampleChunks(model, problems, settings.SamplesPerProblem, ReasoningEvaluation.Sampling(settings.Temperature), generator, cancel))
            for (int r = 0; r < batch.Rows; r++)
            {
                int i = start + batch.PromptOf(r);
                if (!AnswerVerifier.IsCorrect(batch.Completions[r], problems[i])) continue;
                accepted[i]++;
                if (AnswerVerifier.HasGoldRationale(batch.Completions[r], problems[i])) sound[i]++;
                if (kept[i]++ < settings.KeepPerProblem) examples.Add(new SupervisedExample(problems[i].Prompt(), batch.Completions[r]));
            }
        return (examples, ByLevel(problems, i => (double)accepted[i] / settings.SamplesPerProblem), ByLevel(problems, i => accepted[i] > 0 ? 1 : 0),
            Ratio(problems, sound, accepted));
    }

    /// <summary>M completions per problem from the trained sampler, as the θ-step's examples.</summary>
    private static (List<SupervisedExample>, Dictionary<int, double> SolveRate, Dictionary<int, double> Sound) SamplerExamples(LlamaModel sampler, IReadOnlyList<ArithmeticProblem> problems,
        BriteSettings settings, Generator generator, CancellationToken cancel)
    {
        var examples = new List<SupervisedExample>();
        var correct = new int[problems.Count];
        var sound = new int[problems.Count];
        var options = ReasoningEvaluation.Sampling(PsiStep.Temperature, PsiStep.StopToken(settings.Psi.Reward));
        foreach (var (start, batch) in ReasoningEvaluation.SampleChunks(sampler, problems, settings.SamplesPerProblem, options, generator, cancel))
            ThetaStepData.Add(batch, problems, start, settings.Psi.Reward, settings.Filter, examples, correct, sound);
        return (examples, ByLevel(problems, i => (double)correct[i] / settings.SamplesPerProblem), Ratio(problems, sound, correct));
    }

    /// <summary>The sampled acceptance rate of the model on each hard level (a diagnostic, not counted in the budget).</summary>
    private static Dictionary<int, double> SolveRateByLevel(LlamaModel model, IReadOnlyList<ArithmeticProblem> problems, int samples, float temperature,
        Generator generator, CancellationToken cancel)
    {
        var solved = ReasoningEvaluation.Solved(model, problems, samples, ReasoningEvaluation.Sampling(temperature), generator, cancel);
        return ByLevel(problems, i => (double)solved[i] / samples);
    }

    /// <summary>Per level, Σ numerator / Σ denominator over its problems (NaN where the denominator is 0).</summary>
    private static Dictionary<int, double> Ratio(IReadOnlyList<ArithmeticProblem> problems, int[] numerator, int[] denominator)
    {
        var result = new Dictionary<int, double>();
        foreach (int k in problems.Select(p => p.Level).Distinct())
        {
            double n = 0, d = 0;
            for (int i = 0; i < problems.Count; i++)
                if (problems[i].Level == k) { n += numerator[i]; d += denominator[i]; }
            result[k] = d > 0 ? n / d : double.NaN;
        }
        return result;
    }

    private static Dictionary<int, double> ByLevel(IReadOnlyList<ArithmeticProblem> problems, Func<int, double> value)
    {
        var sum = new Dictionary<int, double>();
        var count = new Dictionary<int, int>();
        for (int i = 0; i < problems.Count; i++)
        {
            int k = problems[i].Level;
            sum[k] = sum.GetValueOrDefault(k) + value(i);
            count[k] = count.GetValueOrDefault(k) + 1;
        }
        return sum.ToDictionary(e => e.Key, e => e.Value / count[e.Key]);
    }
}
