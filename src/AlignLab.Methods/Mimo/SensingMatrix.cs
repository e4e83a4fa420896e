using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The real R×P linear map from the channel vector h (P = 2·Nr·Nt) to the pre-quantization measurements,
/// stored row-major so that M·h is R contiguous dot products and Mᵀ·y is R contiguous axpys.
/// </summary>
public sealed class SensingMatrix
{
    public SensingMatrix(int rows, int columns, double[] data)
    {
        if (rows <= 0 || columns <= 0) throw new ArgumentException($"sensing matrix shape {rows}x{columns} must be positive.");
        if (data.Length != rows * columns) throw new ArgumentException($"sensing matrix data has {data.Length} entries, expected {rows}x{columns}.", nameof(data));
        Rows = rows; Columns = columns; Data = data;
    }

    public int Rows { get; }
    public int Columns { get; }
    public double[] Data { get; }

    public ReadOnlySpan<double> Row(int r) => Data.AsSpan(r * Columns, Columns);

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => DenseKernels.MatVec(Data, Rows, Columns, x, y);

    public void MultiplyTransposed(ReadOnlySpan<double> y, Span<double> x) => DenseKernels.MatTVec(Data, Rows, Columns, y, x);

    /// <summary>M·Mᵀ (R×R, row-major, symmetric): the only O(R²P) work of a trial, done in 4×4 blocks of rows.</summary>
    public double[] Gram()
    {
        int r = Rows, blocked = DenseKernels.CanBlock4x4 ? r / 4 * 4 : 0;
        var gram = new double[r * r];
        Span<double> block = stackalloc double[16];
        for (int i = 0; i < blocked; i += 4)
            for (int j = 0; j <= i; j += 4)
            {
                DenseKernels.Dot4x4(Data.AsSpan(i * Columns, 4 * Columns), Data.AsSpan(j * Columns, 4 * Columns), Columns, block);
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < 4; b++)
                    {
                        gram[(i + a) * r + j + b] = block[a * 4 + b];
                        gram[(j + b) * r + i + a] = block[a * 4 + b];
                    }
            }
        for (int i = blocked; i < r; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = DenseKernels.Dot(Row(i), Row(j));
                gram[i * r + j] = v;
                gram[j * r + i] = v;
            }
        return gram;
    }

    /// <summary>Largest eigenvalue of M·Mᵀ (= ‖M‖²) by power iteration on the Gram matrix.</summary>
    public static double LargestEigenvalue(ReadOnlySpan<double> symmetric, int n, int iterations = 100)
    {
        var x = new double[n];
        var y = new double[n];
        Array.Fill(x, 1.0 / Math.Sqrt(n));
        double lambda = 0;
        for (int it = 0; it < iterations; it++)
        {
            DenseKernels.MatVec(symmetric, n, n, x, y);
            double norm = Math.Sqrt(DenseKernels.SquaredNorm(y));
            if (norm == 0) return 0;
            double next = DenseKernels.Dot(x, y);
            for (int i = 0; i < n; i++) x[i] = y[i] / norm;
            if (Math.Abs(next - lambda) <= 1e-10 * Math.Abs(next)) return next;
            lambda = next;
        }
        return lambda;
    }
}
