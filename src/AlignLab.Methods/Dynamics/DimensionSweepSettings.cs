using AlignLab.Core;
using AlignLab.Reports;

namespace AlignLab.Methods.Dynamics;

/// <summary>What B1 trains in a run.</summary>
public enum SweepMode
{
    /// <summary>W_V only, Armijo steps: a convex least-squares problem in W_V (the sanity check).</summary>
    ValueOnly,
    /// <summary>W_V only with the constant step η = 1/σ_max(C)², the exact Lipschitz constant: the rate check.</summary>
    ValueOnlyConstantStep,
    /// <summary>W_Q, W_K and W_V, Armijo steps: the Theorem-1 regime proper.</summary>
    AllWeights,
}

/// <summary>
/// B1, the embedding-dimension sweep: random-target regression with one head and scalar token outputs; the
/// stacked attention outputs C have full row rank only when D ≥ N·n.
/// </summary>
public sealed record DimensionSweepSettings : IDynamicsSettings<DimensionSweepSettings>
{
    public required IReadOnlyList<int> Dims { get; init; }
    public IReadOnlyList<AttentionKernel> Kernels { get; init; } = [AttentionKernel.Softmax, AttentionKernel.Gaussian];
    public IReadOnlyList<SweepMode> Modes { get; init; } = [SweepMode.ValueOnly, SweepMode.ValueOnlyConstantStep, SweepMode.AllWeights];
    /// <summary>Trial seeds; with the same seed every kernel (and mode) sees the same data and weight draws.</summary>
    public required SeedRange Seeds { get; init; }
    public required int Sequences { get; init; }
    public required int Tokens { get; init; }
    public int KeyDim { get; init; } = 2;
    /// <summary>W_Q, W_K ~ N(0, scale²/d): scale 1 keeps the attention logits O(1), unsaturated.</summary>
    public double AttentionInitScale { get; init; } = 1.0;
    /// <summary>W_V ~ N(0, std²): 0.1 gives N(0, 0.01).</summary>
    public double ValueInitStd { get; init; } = 0.1;
    public required int Iterations { get; init; }
    /// <summary>Runs stop at this f/E, E = ½‖y‖² (double precision resolves far below the 1e-6 criterion).</summary>
    public double StopRelativeLoss { get; init; } = 1e-10;
    /// <summary>σ_min(C_t) of all-weight runs is measured every this many iterations (an SVD each).</summary>
    public int SigmaEvery { get; init; } = 500;
    public int CurveEvery { get; init; } = 10;

    /// <summary>The grid of record: N = 32, n = 8 (Nn = 256), d = 2, D ∈ {32 … 512}, 5 seeds, 3000 iterations.</summary>
    public static DimensionSweepSettings Full => new()
    {
        Dims = [32, 64, 128, 256, 512], Seeds = new(1000, 5), Sequences = 32, Tokens = 8, Iterations = 3000,
    };

    /// <summary>Smoke size: Nn = 32 with D below and above it, 2 seeds, 300 iterations.</summary>
    public static DimensionSweepSettings Quick => new()
    {
        Dims = [16, 64], Seeds = new(1000, 2), Sequences = 8, Tokens = 4, Iterations = 300, SigmaEvery = 100, CurveEvery = 5,
    };

    public int TargetCount => Sequences * Tokens;

    public DimensionSweepSettings WithSeeds(SeedRange seeds) => this with { Seeds = seeds };

    public void Validate()
    {
        if (Dims.Count == 0) throw new ArgumentException("dims: at least one embedding dimension is needed", nameof(Dims));
        foreach (int d in Dims) if (d <= 0) throw new ArgumentException($"dims: {d} is not a positive dimension", nameof(Dims));
        if (Kernels.Count == 0) throw new ArgumentException("kernels: at least one kernel is needed", nameof(Kernels));
        if (Modes.Count == 0) throw new ArgumentException("modes: at least one mode is needed", nameof(Modes));
        if (Sequences <= 0 || Tokens <= 0) throw new ArgumentException($"sequences={Sequences}, tokens={Tokens} must be positive", nameof(Sequences));
        if (Iterations <= 0) throw new ArgumentException($"iterations: {Iterations} must be positive", nameof(Iterations));
        if (SigmaEvery < 0 || CurveEvery <= 0) throw new ArgumentException($"sigmaEvery={SigmaEvery} must be ≥ 0 and curveEvery={CurveEvery} positive", nameof(SigmaEvery));
    }
}
