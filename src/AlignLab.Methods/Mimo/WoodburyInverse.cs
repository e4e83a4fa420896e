using MathNet.Numerics.LinearAlgebra;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The inverse the likelihood step needs, W = (MᵀM/σ² + ρI)^{-1} (P×P), applied through the Woodbury identity
/// W = ρ^{-1}[I − Mᵀ G^{-1} M] with G = ρσ²I + MMᵀ (R×R), so only an R×R Cholesky is factored (R ≪ P).
/// G^{-1} is formed once per trial and applied as a dense symmetric mat-vec.
/// </summary>
public sealed class WoodburyInverse
{
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
        var g = Matrix<double>.Build.Dense(r, r, (double[])gram.Clone()); // symmetric: layout does not matter
        double shift = rho * sigma * sigma;
        for (int i = 0; i < r; i++) g[i, i] += shift;
        var inverse = g.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(r));
        GramInverse = new double[r * r];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++)
                GramInverse[i * r + j] = 0.5 * (inverse[i, j] + inverse[j, i]);
        _tmpR = new double[r];
        _tmpR2 = new double[r];
        _tmpP = new double[sensing.Columns];
    }

    public SensingMatrix Sensing { get; }
    public double Rho { get; }
    public double Sigma { get; }
    /// <summary>G^{-1} = (ρσ²I + MMᵀ)^{-1}, row-major R×R.</summary>
    public double[] GramInverse { get; }

    /// <summary>y = G^{-1} x.</summary>
    public void ApplyGramInverse(ReadOnlySpan<double> x, Span<double> y) =>
        DenseKernels.MatVec(GramInverse, Sensing.Rows, Sensing.Rows, x, y);

    /// <summary>y = W x = (x − Mᵀ G^{-1} M x)/ρ. Not thread-safe (uses workspaces).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        Sensing.Multiply(x, _tmpR);
        ApplyGramInverse(_tmpR, _tmpR2);
        Sensing.MultiplyTransposed(_tmpR2, _tmpP);
        for (int i = 0; i < y.Length; i++) y[i] = (x[i] - _tmpP[i]) / Rho;
    }
}
