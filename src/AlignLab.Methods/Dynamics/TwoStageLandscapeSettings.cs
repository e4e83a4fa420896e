using AlignLab.Reports;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Two-stage training on one attention-only teacher–student problem. Stage 1 trains W_Q, W_K with softmax; stage 2 continues from
/// that point with softmax or with the Gaussian kernel; the loss is then sliced around each stage-2 end point.
/// </summary>
public sealed record TwoStageLandscapeSettings : IDynamicsSettings<TwoStageLandscapeSettings>
{
    public int Dim { get; init; } = 16;
    /// <summary>Trial seeds (the attention-only experiment's); the first one is drawn.</summary>
    public required SeedRange Seeds { get; init; }
    public int Sequences { get; init; } = 8;
    public int Tokens { get; init; } = 8;
    public int KeyDim { get; init; } = 8;
    public double TeacherScale { get; init; } = 5.0;
    public double StudentScale { get; init; } = 0.1;
    /// <summary>Teacher targets scaled to this RMS, as in the attention-only experiment.</summary>
    public double TargetRms { get; init; } = 1.0;
    public required int Stage1Iterations { get; init; }
    public required int Stage2Iterations { get; init; }
    /// <summary>Grid points per axis (odd, so the end point is the centre).</summary>
    public required int GridPoints { get; init; }
    /// <summary>Half-widths of the slices, in units of the filter-normalised directions.</summary>
    public IReadOnlyList<double> Ranges { get; init; } = [1.0, 0.25];

    /// <summary>
    /// D = 16, 500 + 2000 iterations, 41×41 grid; the first seed is drawn, and roughness is measured over the 20
    /// attention-only seeds because one landscape is an anecdote.
    /// </summary>
    public static TwoStageLandscapeSettings Full => new() { Seeds = new(1000, 20), Stage1Iterations = 500, Stage2Iterations = 2000, GridPoints = 41 };

    public static TwoStageLandscapeSettings Quick => new() { Seeds = new(1000, 2), Stage1Iterations = 100, Stage2Iterations = 200, GridPoints = 15 };

    public TwoStageLandscapeSettings WithSeeds(SeedRange seeds) => this with { Seeds = seeds };

    public void Validate()
    {
        if (Dim <= 0) throw new ArgumentException($"dim: {Dim} must be positive", nameof(Dim));
        if (Stage1Iterations < 0 || Stage2Iterations <= 0)
            throw new ArgumentException($"stage iterations: {Stage1Iterations}, {Stage2Iterations} (stage 2 must be positive)", nameof(Stage2Iterations));
        if (GridPoints < 3 || GridPoints % 2 == 0) throw new ArgumentException($"gridPoints: {GridPoints} must be odd and ≥ 3", nameof(GridPoints));
        if (Ranges.Count == 0) throw new ArgumentException("ranges: at least one slice half-width is needed", nameof(Ranges));
        foreach (double r in Ranges) if (!(r > 0)) throw new ArgumentException($"ranges: {r} is not positive", nameof(Ranges));
    }
}
