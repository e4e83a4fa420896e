using AlignLab.Core;

namespace AlignLab.Methods.Reasoning;

/// <summary>One method's run for one seed: data, warm start, iterations; what <c>alignlab brite run</c> executes.</summary>
public sealed record BriteRunRequest
{
    public ReasoningMethod Method { get; init; } = ReasoningMethod.Brite;
    public RationaleRewardKind Reward { get; init; } = RationaleRewardKind.Verifier;
    public int Iterations { get; init; } = 3;
    /// <summary>RLOO updates of the ψ-step and problems per update (4 samples each).</summary>
    public int PsiSteps { get; init; } = new PsiStepSettings().Steps;
    public int PsiPromptsPerStep { get; init; } = new PsiStepSettings().PromptsPerStep;
    /// <summary>Which sampler completions BRiTE's θ-step trains on.</summary>
    public ThetaStepFilter Filter { get; init; } = ThetaStepFilter.AllSamples;
    public int Seed { get; init; } = 1;
    public ReasoningDataSettings Data { get; init; } = new();
    public ReasoningModelSettings Model { get; init; } = new();
    public SftSettings WarmStart { get; init; } = new() { Steps = 2000, LearningRate = 3e-3f };

    public ReasoningRunSettings RunSettings() => new()
    {
        Method = Method, Iterations = Iterations,
        Brite = new BriteSettings { Psi = new PsiStepSettings { Reward = Reward, Steps = PsiSteps, PromptsPerStep = PsiPromptsPerStep }, Filter = Filter },
    };

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"Iterations must be at least 1, got {Iterations}");
        if (Seed < 0) throw new ArgumentException($"Seed must be non-negative, got {Seed}");
        Data.Validate();
        WarmStart.Validate();
        RunSettings().Validate();
    }

    /// <summary>The data of a seed: the same problems for every method.</summary>
    public static ReasoningData DataFor(ReasoningDataSettings settings, int seed) => ReasoningData.Generate(settings, new Generator((ulong)seed).Fork(1));

    public ReasoningRunResult Run(IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        Validate();
        var data = DataFor(Data, Seed);
        var root = new Generator((ulong)Seed);
        var warm = ReasoningRun.WarmStart(data, Model, WarmStart, root.Fork(2), cancel);
        progress?.Report(0.3);
        var inner = progress == null ? null : new Relay(f => progress.Report(0.3 + 0.7 * f));
        return ReasoningRun.Run(warm, data, RunSettings(), root.Fork(3), inner, cancel);
    }

    /// <summary>Final accuracy averaged over the easy and over the hard test levels, and the samples generated.</summary>
    public Dictionary<string, object?> Metrics(ReasoningRunResult result)
    {
        var final = result.Final.Accuracy;
        return new Dictionary<string, object?>
        {
            ["method"] = ReasoningMethodNames.Name(Method),
            ["reward"] = Method == ReasoningMethod.Brite ? (Reward == RationaleRewardKind.Verifier ? "verifier" : "likelihood") : null,
            ["seed"] = Seed,
            ["iterations"] = Iterations,
            ["accuracy_easy"] = Data.EasyLevels.Average(k => final[k]),
            ["accuracy_hard"] = Data.HardLevels.Average(k => final[k]),
            ["accuracy_held_out"] = final[Data.HeldOutLevel],
            ["samples"] = result.Samples,
            ["samples_per_iteration"] = RunSettings().SamplesPerIteration(Data.BootstrapProblems),
            // How far the ψ-step moved the sampler: verified rates of P_θ and Q_ψ samples on the bootstrap problems.
            ["model_solve_rate_hard"] = Method == ReasoningMethod.Brite ? MeanOverIterations(result, it => it.ModelSolveRate) : null,
            ["sampler_solve_rate_hard"] = Method == ReasoningMethod.Brite ? MeanOverIterations(result, it => it.SamplerSolveRate) : null,
        };
    }

    private double? MeanOverIterations(ReasoningRunResult result, Func<IterationRecord, IReadOnlyDictionary<int, double>?> rate)
    {
        var values = result.Iterations.Skip(1).Select(rate).Where(r => r != null).Select(r => Data.HardLevels.Average(k => r![k])).ToList();
        return values.Count > 0 ? values.Average() : null;
    }

    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
