using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Numerics;

/// <summary>
/// Float64 vector kernels for the methods whose criteria need double precision (MIMO estimators, the dynamics
/// attention layer, IRL rewards): dot products, axpy, dense mat-vecs on row-major storage. Fixed summation order,
/// so results do not depend on thread count. The float32 engine's kernels live in <c>Kernels/</c>.
/// </summary>
public static class DenseKernels
{
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Dot: lengths differ ({x.Length} vs {y.Length}).");
        int n = x.Length, i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var a0 = Vector512<double>.Zero; var a1 = Vector512<double>.Zero;
            for (; i <= n - 16; i += 16)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)(i + 8)), Vector512.LoadUnsafe(ref yr, (nuint)(i + 8)), a1);
            }
            sum = Vector512.Sum(a0 + a1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var a0 = Vector256<double>.Zero; var a1 = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)), a1);
            }
            sum = Vector256.Sum(a0 + a1);
        }
        for (; i < n; i++) sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        return sum;
    }

    /// <summary>y += a·x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Axpy: lengths differ ({x.Length} vs {y.Length}).");
        int n = x.Length, i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated)
        {
            var av = Vector512.Create(a);
            for (; i <= n - 8; i += 8)
                Vector512.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var av = Vector256.Create(a);
            for (; i <= n - 4; i += 4)
                Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
    }

    /// <summary>y = A x for a row-major rows×cols matrix A.</summary>
    public static void MatVec(ReadOnlySpan<double> a, int rows, int cols, ReadOnlySpan<double> x, Span<double> y)
    {
        CheckShape(a, rows, cols, x.Length, y.Length, transposed: false);
        for (int r = 0; r < rows; r++) y[r] = Dot(a.Slice(r * cols, cols), x);
    }

    /// <summary>x = Aᵀ y for a row-major rows×cols matrix A (row-wise axpy keeps memory access contiguous).</summary>
    public static void MatTVec(ReadOnlySpan<double> a, int rows, int cols, ReadOnlySpan<double> y, Span<double> x)
    {
        CheckShape(a, rows, cols, x.Length, y.Length, transposed: true);
        x.Clear();
        for (int r = 0; r < rows; r++)
        {
            double yr = y[r];
            if (yr != 0) Axpy(yr, a.Slice(r * cols, cols), x);
        }
    }

    /// <summary>(yRe + j·yIm) += (cRe + j·cIm)·(xRe + j·xIm), element-wise over split complex arrays.</summary>
    public static void ComplexAxpy(double cRe, double cIm, ReadOnlySpan<double> xRe, ReadOnlySpan<double> xIm, Span<double> yRe, Span<double> yIm)
    {
        int n = xRe.Length, i = 0;
        if (xIm.Length != n || yRe.Length != n || yIm.Length != n) throw new ArgumentException("ComplexAxpy: lengths differ.");
        ref double xr = ref MemoryMarshal.GetReference(xRe); ref double xi = ref MemoryMarshal.GetReference(xIm);
        ref double yr = ref MemoryMarshal.GetReference(yRe); ref double yi = ref MemoryMarshal.GetReference(yIm);
        if (Vector256.IsHardwareAccelerated)
        {
            var cr = Vector256.Create(cRe); var ci = Vector256.Create(cIm);
            for (; i <= n - 4; i += 4)
            {
                var a = Vector256.LoadUnsafe(ref xr, (nuint)i); var b = Vector256.LoadUnsafe(ref xi, (nuint)i);
                var re = Vector256.LoadUnsafe(ref yr, (nuint)i); var im = Vector256.LoadUnsafe(ref yi, (nuint)i);
                re = Vector256.FusedMultiplyAdd(cr, a, Vector256.FusedMultiplyAdd(-ci, b, re));
                im = Vector256.FusedMultiplyAdd(cr, b, Vector256.FusedMultiplyAdd(ci, a, im));
                re.StoreUnsafe(ref yr, (nuint)i); im.StoreUnsafe(ref yi, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double a = Unsafe.Add(ref xr, i), b = Unsafe.Add(ref xi, i);
            Unsafe.Add(ref yr, i) += cRe * a - cIm * b;
            Unsafe.Add(ref yi, i) += cRe * b + cIm * a;
        }
    }

    /// <summary>max_i (re_i² + im_i²).</summary>
    public static double MaxMagnitudeSquared(ReadOnlySpan<double> re, ReadOnlySpan<double> im)
    {
        int n = re.Length, i = 0;
        if (im.Length != n) throw new ArgumentException("MaxMagnitudeSquared: lengths differ.");
        ref double r = ref MemoryMarshal.GetReference(re); ref double m = ref MemoryMarshal.GetReference(im);
        double best = double.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            var acc = Vector256.Create(double.NegativeInfinity);
            for (; i <= n - 4; i += 4)
            {
                var a = Vector256.LoadUnsafe(ref r, (nuint)i); var b = Vector256.LoadUnsafe(ref m, (nuint)i);
                acc = Vector256.Max(acc, Vector256.FusedMultiplyAdd(a, a, b * b));
            }
            best = Math.Max(Math.Max(acc[0], acc[1]), Math.Max(acc[2], acc[3]));
        }
        for (; i < n; i++)
        {
            double a = Unsafe.Add(ref r, i), b = Unsafe.Add(ref m, i);
            best = Math.Max(best, a * a + b * b);
        }
        return best;
    }

    public static bool CanBlock4x4 => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// The 16 dot products between 4 consecutive rows of A and 4 of B (rows of length n, row-major), result[a·4 + b];
    /// each loaded vector feeds four multiply-adds, which is what makes the Gram product compute- instead of load-bound.
    /// </summary>
    public static void Dot4x4(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n, Span<double> result)
    {
        if (a.Length < 4 * n || b.Length < 4 * n || result.Length < 16) throw new ArgumentException($"Dot4x4 needs 4 rows of {n} in each input and 16 outputs.");
        if (!CanBlock4x4) throw new PlatformNotSupportedException("Dot4x4 needs 256-bit vectors.");
        ref double ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        var c00 = Vector256<double>.Zero; var c01 = c00; var c02 = c00; var c03 = c00;
        var c10 = c00; var c11 = c00; var c12 = c00; var c13 = c00;
        var c20 = c00; var c21 = c00; var c22 = c00; var c23 = c00;
        var c30 = c00; var c31 = c00; var c32 = c00; var c33 = c00;
        int k = 0;
        for (; k <= n - 4; k += 4)
        {
            var a0 = Vector256.LoadUnsafe(ref ar, (nuint)k); var a1 = Vector256.LoadUnsafe(ref ar, (nuint)(n + k));
            var a2 = Vector256.LoadUnsafe(ref ar, (nuint)(2 * n + k)); var a3 = Vector256.LoadUnsafe(ref ar, (nuint)(3 * n + k));
            var b0 = Vector256.LoadUnsafe(ref br, (nuint)k); var b1 = Vector256.LoadUnsafe(ref br, (nuint)(n + k));
            var b2 = Vector256.LoadUnsafe(ref br, (nuint)(2 * n + k)); var b3 = Vector256.LoadUnsafe(ref br, (nuint)(3 * n + k));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(a0, b2, c02); c03 = Vector256.FusedMultiplyAdd(a0, b3, c03);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(a1, b2, c12); c13 = Vector256.FusedMultiplyAdd(a1, b3, c13);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(a2, b2, c22); c23 = Vector256.FusedMultiplyAdd(a2, b3, c23);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(a3, b2, c32); c33 = Vector256.FusedMultiplyAdd(a3, b3, c33);
        }
        result[0] = Vector256.Sum(c00); result[1] = Vector256.Sum(c01); result[2] = Vector256.Sum(c02); result[3] = Vector256.Sum(c03);
        result[4] = Vector256.Sum(c10); result[5] = Vector256.Sum(c11); result[6] = Vector256.Sum(c12); result[7] = Vector256.Sum(c13);
        result[8] = Vector256.Sum(c20); result[9] = Vector256.Sum(c21); result[10] = Vector256.Sum(c22); result[11] = Vector256.Sum(c23);
        result[12] = Vector256.Sum(c30); result[13] = Vector256.Sum(c31); result[14] = Vector256.Sum(c32); result[15] = Vector256.Sum(c33);
        for (; k < n; k++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    result[i * 4 + j] += Unsafe.Add(ref ar, i * n + k) * Unsafe.Add(ref br, j * n + k);
    }

    public static double SquaredNorm(ReadOnlySpan<double> x) => Dot(x, x);

    /// <summary>Σ xᵢ², vectorised by TensorPrimitives (its own summation order, also thread-independent).</summary>
    public static double SumOfSquares(ReadOnlySpan<double> x) => System.Numerics.Tensors.TensorPrimitives.SumOfSquares(x);

    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"SquaredDistance: lengths differ ({x.Length} vs {y.Length}).");
        double s = 0;
        for (int i = 0; i < x.Length; i++) { double d = x[i] - y[i]; s += d * d; }
        return s;
    }

    private static void CheckShape(ReadOnlySpan<double> a, int rows, int cols, int xLength, int yLength, bool transposed)
    {
        if (a.Length != rows * cols) throw new ArgumentException($"matrix has {a.Length} entries, expected {rows}x{cols}.");
        int inLen = transposed ? rows : cols, outLen = transposed ? cols : rows;
        int gotIn = transposed ? yLength : xLength, gotOut = transposed ? xLength : yLength;
        if (gotIn != inLen || gotOut != outLen)
            throw new ArgumentException($"mat-vec with a {rows}x{cols} matrix{(transposed ? " (transposed)" : "")}: input length {gotIn} (need {inLen}), output length {gotOut} (need {outLen}).");
    }
}
