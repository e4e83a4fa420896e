namespace AlignLab.Methods.Unlearning.Forgetting;

/// <summary>LUME's baselines and NPO's variants: a forget loss with a retain term.</summary>
public enum UnlearnMethod
{
    /// <summary>Gradient ascent on the forget set, no retain term.</summary>
    Ga,
    /// <summary>Gradient difference: GA + γ·retain NLL.</summary>
    Gd,
    /// <summary>GA + γ·KL(π_ref ‖ π_θ) on retain batches.</summary>
    Kl,
    /// <summary>NPO (sequence-sum log-ratio, reference NLL precomputed) + γ·retain NLL.</summary>
    Npo,
    /// <summary>SimNPO (reference-free, length-normalised) + γ·retain NLL.</summary>
    SimNpo,
}

/// <summary>How the forget gradient is smoothed; the retain gradient is always taken at the unperturbed weights.</summary>
public enum Smoother
{
    None,
    /// <summary>Sharpness-aware: the forget gradient at θ + ρ·g/‖g‖.</summary>
    Sam,
    /// <summary>Randomised smoothing: the forget gradient averaged over <see cref="UnlearnSettings.NoiseSamples"/> draws of θ + N(0, σ²I).</summary>
    Rs,
    /// <summary>Gradient-norm penalty ℓ_f + λ‖∇ℓ_f‖: gradient g + λ·Hĝ with a finite-difference Hessian-vector product.</summary>
    Gp,
    /// <summary>Curvature regularisation ℓ_f + λ‖∇ℓ_f(θ + hĝ) − ∇ℓ_f(θ)‖ (ĝ held fixed), its gradient by two finite-difference Hessian-vector products.</summary>
    Cr,
    /// <summary>Weight averaging: the uniform average of snapshots taken every few steps from a start step.</summary>
    Wa,
}

public sealed record UnlearnSettings
{
    public UnlearnMethod Method { get; init; } = UnlearnMethod.Npo;
    public Smoother Smoother { get; init; } = Smoother.None;
    public int Steps { get; init; } = 60;
    public int BatchSize { get; init; } = 8;
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>NPO/SimNPO inverse temperature.</summary>
    public float Beta { get; init; } = 0.1f;
    /// <summary>Retain weight γ (ignored by GA).</summary>
    public float RetainWeight { get; init; } = 1f;
    /// <summary>The smoother's radius or weight: SAM's ρ, RS's σ, GP's and CR's λ.</summary>
    public float Rho { get; init; } = 0.03f;
    /// <summary>Finite-difference step of the Hessian-vector products (GP, CR).</summary>
    public float FiniteDifference { get; init; } = 1e-3f;
    /// <summary>CR's probe step h along ĝ.</summary>
    public float CurvatureStep { get; init; } = 0.01f;
    public int NoiseSamples { get; init; } = 3;
    /// <summary>WA: first snapshot step and the interval between snapshots.</summary>
    public int AverageFrom { get; init; } = 20;
    public int AverageEvery { get; init; } = 5;
    public double ClipNorm { get; init; } = 1.0;
    public ulong Seed { get; init; } = 1;

    public static UnlearnMethod ParseMethod(string name) => name.ToLowerInvariant() switch
    {
        "ga" => UnlearnMethod.Ga, "gd" => UnlearnMethod.Gd, "kl" => UnlearnMethod.Kl, "npo" => UnlearnMethod.Npo, "simnpo" => UnlearnMethod.SimNpo,
        _ => throw new ArgumentException($"unknown unlearning method '{name}' (ga, gd, kl, npo, simnpo)", nameof(Method)),
    };

    public static Smoother ParseSmoother(string name) => name.ToLowerInvariant() switch
    {
        "none" => Smoother.None, "sam" => Smoother.Sam, "rs" => Smoother.Rs, "gp" => Smoother.Gp, "cr" => Smoother.Cr, "wa" => Smoother.Wa,
        _ => throw new ArgumentException($"unknown smoother '{name}' (none, sam, rs, gp, cr, wa)", nameof(Smoother)),
    };

    public void Validate()
    {
        if (Steps < 1 || BatchSize < 1) throw new ArgumentException($"steps and batch size must be positive (steps {Steps}, batch {BatchSize})", nameof(Steps));
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be positive, got {LearningRate}", nameof(LearningRate));
        if (!(Beta > 0)) throw new ArgumentException($"beta must be positive, got {Beta}", nameof(Beta));
        if (!(Rho >= 0)) throw new ArgumentException($"rho must be >= 0, got {Rho}", nameof(Rho));
        if (NoiseSamples < 1 || AverageEvery < 1) throw new ArgumentException("noise samples and averaging interval must be positive", nameof(NoiseSamples));
    }
}
