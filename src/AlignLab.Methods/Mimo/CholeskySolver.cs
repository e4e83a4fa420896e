using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// Cholesky factorization A = L·Lᵀ of a symmetric positive-definite n×n matrix, with solves by forward and backward
/// substitution. Every inner loop is a contiguous dot product (L and Lᵀ are both kept row-major), so factoring costs
/// n³/6 vectorized multiply-adds and a solve n², the same as a dense mat-vec with the inverse.
/// </summary>
public sealed class CholeskySolver
{
    private readonly double[] _lower, _upper; // row-major L and Lᵀ
    private readonly double[] _work;

    /// <param name="symmetric">Row-major n×n; only the lower triangle is read.</param>
    public CholeskySolver(ReadOnlySpan<double> symmetric, int n)
    {
        if (n < 1) throw new ArgumentException($"matrix size must be >= 1, got {n}.", nameof(n));
        if (symmetric.Length != n * n) throw new ArgumentException($"matrix has {symmetric.Length} entries, expected {n}x{n}.", nameof(symmetric));
        Size = n;
        _lower = new double[n * n];
        _upper = new double[n * n];
        _work = new double[n];
        for (int i = 0; i < n; i++)
        {
            var li = _lower.AsSpan(i * n, n);
            for (int j = 0; j <= i; j++)
            {
                double s = symmetric[i * n + j] - DenseKernels.Dot(li[..j], _lower.AsSpan(j * n, j));
                if (i == j)
                {
                    if (!(s > 0)) throw new ArgumentException($"matrix is not positive definite (pivot {i} is {s}).", nameof(symmetric));
                    li[i] = Math.Sqrt(s);
                }
                else li[j] = s / _lower[j * n + j];
            }
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                _upper[j * n + i] = _lower[i * n + j];
    }

    public int Size { get; }

    /// <summary>x = A^{-1} b (x may alias b). Not thread-safe (uses a workspace).</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        int n = Size;
        if (b.Length != n || x.Length != n) throw new ArgumentException($"solve with a {n}x{n} factor: right side {b.Length}, result {x.Length}.");
        var y = _work;
        for (int i = 0; i < n; i++)
            y[i] = (b[i] - DenseKernels.Dot(_lower.AsSpan(i * n, i), y.AsSpan(0, i))) / _lower[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            int tail = n - i - 1;
            y[i] = (y[i] - DenseKernels.Dot(_upper.AsSpan(i * n + i + 1, tail), y.AsSpan(i + 1, tail))) / _upper[i * n + i];
        }
        y.AsSpan().CopyTo(x);
    }
}
