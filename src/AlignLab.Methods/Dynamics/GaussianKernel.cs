using AlignLab.Core.Numerics;
namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Gaussian-kernel attention for one head: S_jk = exp(−‖q_j − k_k‖² / (2√d)), not row-normalised, with its
/// exact backward.
/// </summary>
internal static class GaussianKernel
{
    /// <summary>q, k: n×d row-major; s: n×n output; norms: scratch of length 2n.</summary>
    public static void Forward(ReadOnlySpan<double> q, ReadOnlySpan<double> k, int n, int d, Span<double> s, Span<double> norms)
    {
        double inv = 1.0 / (2.0 * Math.Sqrt(d));
        var qn = norms.Slice(0, n);
        var kn = norms.Slice(n, n);
        for (int j = 0; j < n; j++)
        {
            qn[j] = DenseKernels.SumOfSquares(q.Slice(j * d, d));
            kn[j] = DenseKernels.SumOfSquares(k.Slice(j * d, d));
        }
        for (int j = 0; j < n; j++)
        {
            var qj = q.Slice(j * d, d);
            var row = s.Slice(j * n, n);
            for (int t = 0; t < n; t++)
            {
                // ‖q‖² + ‖k‖² − 2q·k is one dot product instead of a difference vector; rounding can push it
                // a hair below zero, which the clamp removes.
                double dist2 = qn[j] + kn[t] - 2.0 * DenseKernels.Dot(qj, k.Slice(t * d, d));
                row[t] = Math.Exp(-Math.Max(dist2, 0.0) * inv);
            }
        }
    }

    /// <summary>
    /// Given ∂f/∂S in <paramref name="ds"/> (overwritten with G = ∂f/∂S ⊙ S / √d), writes
    /// ∂f/∂q_j = −Σ_k G_jk (q_j − k_k) and ∂f/∂k_k = Σ_j G_jk (q_j − k_k).
    /// </summary>
    public static void Backward(ReadOnlySpan<double> q, ReadOnlySpan<double> k, ReadOnlySpan<double> s, Span<double> ds,
                                int n, int d, Span<double> dq, Span<double> dk)
    {
        double scale = 1.0 / Math.Sqrt(d);
        dq.Slice(0, n * d).Clear();
        dk.Slice(0, n * d).Clear();
        Span<double> columnSums = n <= 1024 ? stackalloc double[n] : new double[n];
        columnSums.Clear();
        for (int j = 0; j < n; j++)
        {
            var sRow = s.Slice(j * n, n);
            var gRow = ds.Slice(j * n, n);
            var qj = q.Slice(j * d, d);
            var dqj = dq.Slice(j * d, d);
            double rowSum = 0.0;
            for (int t = 0; t < n; t++)
            {
                double g = gRow[t] * sRow[t] * scale;
                gRow[t] = g;
                rowSum += g;
                columnSums[t] += g;
                // ±G_jt (q_j − k_t) split into its two terms; the q_j·rowSum and k_t·columnSum parts come last.
                DenseKernels.Axpy(g, k.Slice(t * d, d), dqj);
                DenseKernels.Axpy(g, qj, dk.Slice(t * d, d));
            }
            DenseKernels.Axpy(-rowSum, qj, dqj);
        }
        for (int t = 0; t < n; t++) DenseKernels.Axpy(-columnSums[t], k.Slice(t * d, d), dk.Slice(t * d, d));
    }
}
