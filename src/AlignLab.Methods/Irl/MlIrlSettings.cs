namespace AlignLab.Methods.Irl;

/// <summary>
/// The upper level of ML-IRL: at most <see cref="Iterations"/> reward steps θ ← Proj(θ + α·g), stopping early once
/// the exact ‖∇L(θ_k)‖² falls below <see cref="Tolerance"/> (checked at the recorded steps). α is the slow timescale;
/// the convergence-rate analysis takes α ∝ 1/√K with a fixed K (see <see cref="ForHorizon"/>, no tolerance).
/// </summary>
public sealed record MlIrlSettings
{
    /// <summary>The most reward steps to take (all of them when <see cref="Tolerance"/> is 0).</summary>
    public required int Iterations { get; init; }
    public required double StepSize { get; init; }
    /// <summary>Record diagnostics (and test the tolerance) every this many iterations.</summary>
    public int RecordEvery { get; init; } = 1;
    /// <summary>Stop when the exact ‖∇_θ L(θ_k)‖² at a recorded step is below this (0: run every iteration).</summary>
    public double Tolerance { get; init; }

    /// <summary>α = c/√K, the step size of the O(K^-1/2) analysis.</summary>
    public static MlIrlSettings ForHorizon(int iterations, double constant, int recordEvery = 1) =>
        new() { Iterations = iterations, StepSize = constant / Math.Sqrt(iterations), RecordEvery = recordEvery };

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"iterations: {Iterations} must be at least 1");
        if (!(StepSize > 0) || !double.IsFinite(StepSize)) throw new ArgumentException($"step size: {StepSize} must be positive");
        if (RecordEvery < 1) throw new ArgumentException($"record every: {RecordEvery} must be at least 1");
        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance)) throw new ArgumentException($"tolerance: {Tolerance} must be 0 or positive");
    }
}
