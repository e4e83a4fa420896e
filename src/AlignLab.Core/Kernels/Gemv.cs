using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>
/// One-row GEMM (token-by-token decoding): y[n] (+)= x[k]·op(B). It is memory-bound, so it streams B once:
/// dot products over rows of an [n×k] weight, or scaled row sums over a [k×n] matrix.
/// </summary>
internal static unsafe class Gemv
{
    public static void Multiply(bool transB, int n, int k, float* x, float* b, int ldb, float* y, bool accumulate, int threads)
    {
        nint px = (nint)x, pb = (nint)b, py = (nint)y;
        int parts = Math.Min(threads, Math.Max(1, n / 64));
        Parallelism.For(parts, threads, part =>
        {
            int j0 = (int)((long)n * part / parts), j1 = (int)((long)n * (part + 1) / parts);
            var xs = new ReadOnlySpan<float>((float*)px, k);
            var ys = new Span<float>((float*)py + j0, j1 - j0);
            if (transB)
            {
                for (int j = j0; j < j1; j++)
                {
                    float d = TensorPrimitives.Dot(xs, new ReadOnlySpan<float>((float*)pb + (long)j * ldb, k));
                    ys[j - j0] = accumulate ? ys[j - j0] + d : d;
                }
            }
            else
            {
                if (!accumulate) ys.Clear();
                for (int p = 0; p < k; p++)
                {
                    var row = new ReadOnlySpan<float>((float*)pb + (long)p * ldb + j0, j1 - j0);
                    TensorPrimitives.MultiplyAdd(row, xs[p], ys, ys);
                }
            }
        });
    }
}
