namespace AlignLab.Methods.Mimo;

/// <summary>
/// Settings of the 2-D RELAX harmonic retrieval. Defaults are the official code's: peak search on a
/// 2^⌈log2(16·N)⌉ zero-padded grid, cyclic re-fitting until the fit error changes by less than 1e-3 (relative)
/// or 10 sweeps, at most 20 refinement iterations per peak.
/// </summary>
/// <param name="GridOversampling">Zero-padding factor of the peak-search grid (code: 16).</param>
/// <param name="CoarseOversampling">
/// Factor of the grid actually swept in full. When smaller than <paramref name="GridOversampling"/>, the full grid
/// is only evaluated around the coarse peak (the fine grid's cells within one coarse cell), which is what makes the
/// 16× default affordable inside every ADMM iteration; it picks a different peak than the exhaustive search only
/// when two lobes are within the coarse grid's scalloping loss of each other.
/// </param>
/// <param name="ExhaustiveGrid">Re-transform the residual on the full fine grid for every peak search, as the code does.</param>
public sealed record RelaxSettings(int GridOversampling = 16, int CoarseOversampling = 4, bool ExhaustiveGrid = false,
                                   int MaxSweeps = 10, double SweepTolerance = 1e-3, int RefineIterations = 20)
{
    public void Validate()
    {
        if (GridOversampling < 1) throw new ArgumentException($"grid oversampling must be >= 1, got {GridOversampling}.", nameof(GridOversampling));
        if (CoarseOversampling < 1) throw new ArgumentException($"coarse oversampling must be >= 1, got {CoarseOversampling}.", nameof(CoarseOversampling));
        if (MaxSweeps < 1) throw new ArgumentException($"max sweeps must be >= 1, got {MaxSweeps}.", nameof(MaxSweeps));
        if (!(SweepTolerance >= 0)) throw new ArgumentException($"sweep tolerance must be >= 0, got {SweepTolerance}.", nameof(SweepTolerance));
        if (RefineIterations < 0) throw new ArgumentException($"refine iterations must be >= 0, got {RefineIterations}.", nameof(RefineIterations));
    }
}
