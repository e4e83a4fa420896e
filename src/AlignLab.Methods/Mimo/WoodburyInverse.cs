namespace AlignLab.Methods.Mimo;

/// <summary>
/// The inverse the likelihood step needs, W = (MᵀM/σ² + ρI)^{-1} (P×P), applied through the Woodbury identity
/// W = ρ^{-1}[I − Mᵀ G^{-1} M] with G = ρσ²I + MMᵀ (R×R), so only an R×R Cholesky is factored (R ≪ P).
/// G is Cholesky-factored once per trial; each application of G^{-1} is two triangular solves.
/// </summary>
public sealed class WoodburyInverse
{
    private readonly CholeskySolver _factor;
    private readonly double[] _tmpR, _tmpR2, _tmpP;

    /// <param name="gram">MMᵀ if already computed (row-major R×R); it is not modified.</param>
    public WoodburyInverse(SensingMatrix sensing, double rho, double sigma, double[]? gram = null)
    {
        if (!(rho > 0)) throw new ArgumentException($"rho must be positive, got {rho}.", nameof(rho));
        if (!(sigma > 0)) throw new ArgumentException($"sigma must be positive, got {sigma}.", nameof(sigma));
        Sensing = sensing;
        Rho = rho;
        Sigma = sigma;
        int r = sensing.Rows;
        gram ??= sensing.Gram();
        if (gram.Length != r * r) throw new ArgumentException($"gram has {gram.Length} entries, expected {r}x{r}.", nameof(gram));
        var g = (double[])gram.Clone();
        double shift = rho * sigma * sigma;
        for (int i = 0; i < r; i++) g[i * r + i] += shift;
        _factor = new CholeskySolver(g, r);
        _tmpR = new double[r];
        _tmpR2 = new double[r];
        _tmpP = new double[sensing.Columns];
    }

    public SensingMatrix Sensing { get; }
    public double Rho { get; }
    public double Sigma { get; }
    /// <summary>y = G^{-1} x with G = ρσ²I + MMᵀ (y may alias x). Not thread-safe.</summary>
    public void ApplyGramInverse(ReadOnlySpan<double> x, Span<double> y) => _factor.Solve(x, y);

    /// <summary>y = W x = (x − Mᵀ G^{-1} M x)/ρ. Not thread-safe (uses workspaces).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        Sensing.Multiply(x, _tmpR);
        ApplyGramInverse(_tmpR, _tmpR2);
        Sensing.MultiplyTransposed(_tmpR2, _tmpP);
        for (int i = 0; i < y.Length; i++) y[i] = (x[i] - _tmpP[i]) / Rho;
    }
}
