using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>
/// One-row GEMM (token-by-token decoding): y[n] (+)= x[k]·op(B). Memory-bound, so B is streamed once: for an [n×k]
/// weight, four rows at a time share each load of x; for a [k×n] matrix, scaled rows are summed into y.
/// </summary>
internal static unsafe class Gemv
{
    public static void Multiply(bool transB, int n, int k, float* x, float* b, int ldb, float* y, bool accumulate, int threads)
    {
        nint px = (nint)x, pb = (nint)b, py = (nint)y;
        int parts = Math.Min(threads, Math.Max(1, n / 64));
        Parallelism.For(parts, threads, part =>
        {
            // Boundaries on multiples of 4, so every row falls in the same 4-row group (or tail) for any thread count.
            int groups = (n + 3) / 4;
            int j0 = Math.Min(n, (int)((long)groups * part / parts) * 4), j1 = Math.Min(n, (int)((long)groups * (part + 1) / parts) * 4);
            var ys = new Span<float>((float*)py + j0, j1 - j0);
            if (transB)
            {
                int j = j0;
                if (Vector512.IsHardwareAccelerated && EngineSettings.Simd == SimdLevel.Vector512)
                    for (; j + 4 <= j1; j += 4)
                        Dot4((float*)px, (float*)pb + (long)j * ldb, ldb, k, (float*)py + j, accumulate);
                var xs = new ReadOnlySpan<float>((float*)px, k);
                for (; j < j1; j++)
                {
                    float d = TensorPrimitives.Dot(xs, new ReadOnlySpan<float>((float*)pb + (long)j * ldb, k));
                    ys[j - j0] = accumulate ? ys[j - j0] + d : d;
                }
            }
            else
            {
                var xs = new ReadOnlySpan<float>((float*)px, k);
                if (!accumulate) ys.Clear();
                for (int p = 0; p < k; p++)
                {
                    var row = new ReadOnlySpan<float>((float*)pb + (long)p * ldb + j0, j1 - j0);
                    TensorPrimitives.MultiplyAdd(row, xs[p], ys, ys);
                }
            }
        });
    }

    /// <summary>y[0..4) (+)= dot(x, w_r) for four rows of w, each x vector loaded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(float* x, float* w, int ldw, int k, float* y, bool accumulate)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        float* w1 = w + ldw, w2 = w1 + ldw, w3 = w2 + ldw;
        int p = 0;
        for (; p + 16 <= k; p += 16)
        {
            var xv = Vector512.Load(x + p);
            a0 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(w + p), a0);
            a1 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(w1 + p), a1);
            a2 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(w2 + p), a2);
            a3 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(w3 + p), a3);
        }
        float s0 = Vector512.Sum(a0), s1 = Vector512.Sum(a1), s2 = Vector512.Sum(a2), s3 = Vector512.Sum(a3);
        for (; p < k; p++) { float xv = x[p]; s0 += xv * w[p]; s1 += xv * w1[p]; s2 += xv * w2[p]; s3 += xv * w3[p]; }
        if (accumulate) { y[0] += s0; y[1] += s1; y[2] += s2; y[3] += s3; }
        else { y[0] = s0; y[1] = s1; y[2] = s2; y[3] = s3; }
    }
}
