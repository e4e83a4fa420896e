using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// The few real-valued vector kernels the estimators spend their time in (dot products, axpy, dense
/// mat-vecs on row-major storage). Fixed summation order, so results do not depend on thread count.
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

    public static double SquaredNorm(ReadOnlySpan<double> x) => Dot(x, x);

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
