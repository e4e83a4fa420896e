using AlignLab.Core;
using AlignLab.Reports;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// The Theorem-2 regime: W_V fixed, W_Q and W_K trained by Armijo GD on a teacher–student problem whose
/// teacher has the student's kernel and sharper (scaled) attention. Success means f below a fraction of the zero predictor's loss.
/// </summary>
public sealed record AttentionOnlySettings : IDynamicsSettings<AttentionOnlySettings>
{
    public required IReadOnlyList<int> Dims { get; init; }
    public IReadOnlyList<AttentionKernel> Kernels { get; init; } = [AttentionKernel.Softmax, AttentionKernel.Gaussian];
    /// <summary>Trial seeds; with the same seed every kernel (and mode) sees the same data and weight draws.</summary>
    public required SeedRange Seeds { get; init; }
    public int Sequences { get; init; } = 8;
    public int Tokens { get; init; } = 8;
    public int KeyDim { get; init; } = 8;
    /// <summary>Teacher W_Q, W_K ~ N(0, scale²/d).</summary>
    public double TeacherScale { get; init; } = 5.0;
    /// <summary>Student W_Q, W_K ~ N(0, scale²/d): 0.1 gives N(0, 0.01/d).</summary>
    public double StudentScale { get; init; } = 0.1;
    /// <summary>The teacher's W_V is scaled so the targets have this RMS, whatever the kernel (same target energy).</summary>
    public double TargetRms { get; init; } = 1.0;
    public required int Iterations { get; init; }
    /// <summary>Success: f_T below this fraction of the zero predictor's loss ½‖y‖².</summary>
    public double SuccessThreshold { get; init; } = 1e-4;
    /// <summary>Runs stop once f falls below this fraction of ½‖y‖².</summary>
    public double StopRelativeLoss { get; init; } = 1e-8;
    /// <summary>Loss-curve samples are kept every this many iterations.</summary>
    public int CurveEvery { get; init; } = 10;

    /// <summary>The grid of record: D ∈ {8,16,32,64}, 20 seeds, 5000 iterations.</summary>
    public static AttentionOnlySettings Full => new() { Dims = [8, 16, 32, 64], Seeds = new(1000, 20), Iterations = 5000 };

    /// <summary>Smoke size: two dimensions, four seeds, 600 iterations.</summary>
    public static AttentionOnlySettings Quick => new() { Dims = [8, 32], Seeds = new(1000, 4), Iterations = 600, CurveEvery = 5 };

    public AttentionOnlySettings WithSeeds(SeedRange seeds) => this with { Seeds = seeds };

    public void Validate()
    {
        if (Dims.Count == 0) throw new ArgumentException("dims: at least one embedding dimension is needed", nameof(Dims));
        foreach (int d in Dims) if (d <= 0) throw new ArgumentException($"dims: {d} is not a positive dimension", nameof(Dims));
        if (Kernels.Count == 0) throw new ArgumentException("kernels: at least one kernel is needed", nameof(Kernels));
        if (!(TargetRms > 0)) throw new ArgumentException($"targetRms: {TargetRms} must be positive", nameof(TargetRms));
        if (Iterations <= 0) throw new ArgumentException($"iterations: {Iterations} must be positive", nameof(Iterations));
        if (CurveEvery <= 0) throw new ArgumentException($"curveEvery: {CurveEvery} must be positive", nameof(CurveEvery));
    }
}
