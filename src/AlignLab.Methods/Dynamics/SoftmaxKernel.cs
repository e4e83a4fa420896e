using AlignLab.Core.Numerics;
namespace AlignLab.Methods.Dynamics;

/// <summary>Softmax attention for one head: S = rowsoftmax(Q Kᵀ / √d), with its exact backward.</summary>
internal static class SoftmaxKernel
{
    /// <summary>q, k: n×d row-major; s: n×n output.</summary>
    public static void Forward(ReadOnlySpan<double> q, ReadOnlySpan<double> k, int n, int d, Span<double> s)
    {
        double scale = 1.0 / Math.Sqrt(d);
        for (int j = 0; j < n; j++)
        {
            var qj = q.Slice(j * d, d);
            var row = s.Slice(j * n, n);
            double max = double.NegativeInfinity;
            for (int t = 0; t < n; t++)
            {
                double z = scale * DenseKernels.Dot(qj, k.Slice(t * d, d));
                row[t] = z;
                if (z > max) max = z;
            }
            // Subtracting the row max keeps exp finite for sharp attention; it cancels in the ratio.
            double sum = 0.0;
            for (int t = 0; t < n; t++)
            {
                double e = Math.Exp(row[t] - max);
                row[t] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int t = 0; t < n; t++) row[t] *= inv;
        }
    }

    /// <summary>
    /// Given ∂f/∂S in <paramref name="ds"/> (overwritten with ∂f/∂Z), writes ∂f/∂Q and ∂f/∂K (n×d each).
    /// ∂f/∂Z_jk = S_jk (∂f/∂S_jk − Σ_m S_jm ∂f/∂S_jm), Z = Q Kᵀ/√d.
    /// </summary>
    public static void Backward(ReadOnlySpan<double> q, ReadOnlySpan<double> k, ReadOnlySpan<double> s, Span<double> ds,
                                int n, int d, Span<double> dq, Span<double> dk)
    {
        double scale = 1.0 / Math.Sqrt(d);
        for (int j = 0; j < n; j++)
        {
            var sRow = s.Slice(j * n, n);
            var dRow = ds.Slice(j * n, n);
            double centre = DenseKernels.Dot(sRow, dRow);
            for (int t = 0; t < n; t++) dRow[t] = sRow[t] * (dRow[t] - centre) * scale;
        }
        dq.Slice(0, n * d).Clear();
        dk.Slice(0, n * d).Clear();
        for (int j = 0; j < n; j++)
        {
            var dqj = dq.Slice(j * d, d);
            var qj = q.Slice(j * d, d);
            var dRow = ds.Slice(j * n, n);
            for (int t = 0; t < n; t++)
            {
                double g = dRow[t];
                DenseKernels.Axpy(g, k.Slice(t * d, d), dqj);
                DenseKernels.Axpy(g, qj, dk.Slice(t * d, d));
            }
        }
    }
}
