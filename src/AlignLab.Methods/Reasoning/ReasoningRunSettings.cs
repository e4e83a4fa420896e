namespace AlignLab.Methods.Reasoning;

/// <summary>Rejection sampling: N samples per bootstrap problem, at most K accepted ones kept.</summary>
public sealed record RejectionSettings
{
    public int SamplesPerProblem { get; init; } = 8;
    public int KeepPerProblem { get; init; } = 2;
    public float Temperature { get; init; } = 1f;
}

/// <summary>BRiTE: the ψ-step, then M samples per bootstrap problem from the trained sampler for the θ-step.</summary>
public sealed record BriteSettings
{
    public PsiStepSettings Psi { get; init; } = new();
    public int SamplesPerProblem { get; init; } = 4;
    public ThetaStepFilter Filter { get; init; } = ThetaStepFilter.AllSamples;
}

/// <summary>Everything that defines one method's run from a warm-start model.</summary>
public sealed record ReasoningRunSettings
{
    public ReasoningMethod Method { get; init; } = ReasoningMethod.Brite;
    public int Iterations { get; init; } = 3;
    /// <summary>Fine-tuning of each iteration (the θ-step of every method: same steps, batch and rate).</summary>
    public SftSettings ThetaStep { get; init; } = new() { Steps = 150 };
    /// <summary>
    /// Warm-start problems mixed into each θ-step per new example, so that no method forgets when to stop on the easy
    /// levels (the same for every method).
    /// </summary>
    public double ReplayRatio { get; init; } = 1.0;
    /// <summary>Restart each θ-step from the warm-start model (ReST-EM) instead of continuing from the last iterate.</summary>
    public bool RestartFromWarmStart { get; init; }
    public RejectionSettings Rejection { get; init; } = new();
    public BriteSettings Brite { get; init; } = new();
    /// <summary>Also draw (uncounted) samples from the current model each iteration, to compare its solve rate with the sampler's.</summary>
    public bool Diagnostics { get; init; } = true;

    /// <summary>Completions a method generates per iteration for training (diagnostic draws excluded).</summary>
    public int SamplesPerIteration(int bootstrapProblems) => Method switch
    {
        ReasoningMethod.Rejection => Rejection.SamplesPerProblem * bootstrapProblems,
        ReasoningMethod.Brite => Brite.Psi.Samples + Brite.SamplesPerProblem * bootstrapProblems,
        _ => 0,
    };

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"Iterations must be at least 1, got {Iterations}");
        ThetaStep.Validate();
        if (ReplayRatio < 0 || !double.IsFinite(ReplayRatio)) throw new ArgumentException($"ReplayRatio must be finite and >= 0, got {ReplayRatio}");
        if (Rejection.SamplesPerProblem < 1) throw new ArgumentException($"Rejection.SamplesPerProblem must be at least 1, got {Rejection.SamplesPerProblem}");
        if (Rejection.KeepPerProblem < 1) throw new ArgumentException($"Rejection.KeepPerProblem must be at least 1, got {Rejection.KeepPerProblem}");
        if (!(Rejection.Temperature > 0)) throw new ArgumentException($"Rejection.Temperature must be positive, got {Rejection.Temperature}");
        if (Brite.SamplesPerProblem < 1) throw new ArgumentException($"Brite.SamplesPerProblem must be at least 1, got {Brite.SamplesPerProblem}");
        Brite.Psi.Validate();
    }
}
