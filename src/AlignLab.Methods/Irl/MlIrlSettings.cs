namespace AlignLab.Methods.Irl;

/// <summary>
/// The upper level of ML-IRL: K reward steps θ ← Proj(θ + α·g) with g the ML-IRL direction. α is the slow
/// timescale; the theory takes α ∝ 1/√K (see <see cref="ForHorizon"/>).
/// </summary>
public sealed record MlIrlSettings
{
    public required int Iterations { get; init; }
    public required double StepSize { get; init; }
    /// <summary>Record diagnostics every this many iterations (1: every one, as the convergence-rate averages need).</summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>α = c/√K, the step size of the O(K^-1/2) analysis.</summary>
    public static MlIrlSettings ForHorizon(int iterations, double constant, int recordEvery = 1) =>
        new() { Iterations = iterations, StepSize = constant / Math.Sqrt(iterations), RecordEvery = recordEvery };

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"iterations: {Iterations} must be at least 1");
        if (!(StepSize > 0) || !double.IsFinite(StepSize)) throw new ArgumentException($"step size: {StepSize} must be positive");
        if (RecordEvery < 1) throw new ArgumentException($"record every: {RecordEvery} must be at least 1");
    }
}
