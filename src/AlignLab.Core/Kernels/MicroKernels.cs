using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>
/// Register-blocked GEMM micro-kernels: C[MR×NR] (+)= Apanel[kc×MR]ᵀ · Bpanel[kc×NR], both panels packed.
/// The 512-bit kernel keeps 16 zmm accumulators (8 rows × 2 vectors); the JIT keeps them all in registers. The 256- and
/// 128-bit kernels keep 12 (6 rows × 2 vectors), which with the two B vectors and the broadcast A fit the 16 registers
/// of AVX2 and SSE (ARM64's NEON has 32).
/// </summary>
internal static unsafe class MicroKernels
{
    public const int Mr512 = 8, Nr512 = 32;
    public const int Mr256 = 6, Nr256 = 16;
    public const int Mr128 = 6, Nr128 = 8;
    public const int MrScalar = 4, NrScalar = 4;

    /// <remarks>A's element (r, p) is read at a[r·rs + p·cs]: a packed panel (rs = 1, cs = MR) or A in place
    /// (row-major: rs = lda, cs = 1; transposed: rs = 1, cs = lda), so full row panels need no packing. B's row p
    /// starts at b + p·bs: a packed panel (bs = NR) or a row-major B read in place (bs = ldb).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel512(int kc, float* a, nint rs, nint cs, float* b, nint bs, float* c, int ldc, bool accumulate, float* bias)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            Vector512<float> av;
            av = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[rs]); c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2 * rs]); c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3 * rs]); c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4 * rs]); c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5 * rs]); c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6 * rs]); c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7 * rs]); c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a += cs; b += bs;
        }
        Store512(c, c00, c01, accumulate, bias); c += ldc;
        Store512(c, c10, c11, accumulate, bias); c += ldc;
        Store512(c, c20, c21, accumulate, bias); c += ldc;
        Store512(c, c30, c31, accumulate, bias); c += ldc;
        Store512(c, c40, c41, accumulate, bias); c += ldc;
        Store512(c, c50, c51, accumulate, bias); c += ldc;
        Store512(c, c60, c61, accumulate, bias); c += ldc;
        Store512(c, c70, c71, accumulate, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    /// <summary>Writes a row of the tile: plus C when accumulating, else plus the bias row when there is one.</summary>
    private static void Store512(float* c, Vector512<float> v0, Vector512<float> v1, bool accumulate, float* bias)
    {
        if (accumulate) { v0 += Vector512.Load(c); v1 += Vector512.Load(c + 16); }
        else if (bias != null) { v0 += Vector512.Load(bias); v1 += Vector512.Load(bias + 16); }
        Vector512.Store(v0, c);
        Vector512.Store(v1, c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel256(int kc, float* a, nint rs, nint cs, float* b, nint bs, float* c, int ldc, bool accumulate, float* bias)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            Vector256<float> av;
            av = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[rs]); c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2 * rs]); c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3 * rs]); c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4 * rs]); c40 = Vector256.FusedMultiplyAdd(av, b0, c40); c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5 * rs]); c50 = Vector256.FusedMultiplyAdd(av, b0, c50); c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            a += cs; b += bs;
        }
        Store256(c, c00, c01, accumulate, bias); c += ldc;
        Store256(c, c10, c11, accumulate, bias); c += ldc;
        Store256(c, c20, c21, accumulate, bias); c += ldc;
        Store256(c, c30, c31, accumulate, bias); c += ldc;
        Store256(c, c40, c41, accumulate, bias); c += ldc;
        Store256(c, c50, c51, accumulate, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate, float* bias)
    {
        if (accumulate) { v0 += Vector256.Load(c); v1 += Vector256.Load(c + 8); }
        else if (bias != null) { v0 += Vector256.Load(bias); v1 += Vector256.Load(bias + 8); }
        Vector256.Store(v0, c);
        Vector256.Store(v1, c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel128(int kc, float* a, nint rs, nint cs, float* b, nint bs, float* c, int ldc, bool accumulate, float* bias)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            Vector128<float> av;
            av = Vector128.Create(a[0]); c00 = Vector128.FusedMultiplyAdd(av, b0, c00); c01 = Vector128.FusedMultiplyAdd(av, b1, c01);
            av = Vector128.Create(a[rs]); c10 = Vector128.FusedMultiplyAdd(av, b0, c10); c11 = Vector128.FusedMultiplyAdd(av, b1, c11);
            av = Vector128.Create(a[2 * rs]); c20 = Vector128.FusedMultiplyAdd(av, b0, c20); c21 = Vector128.FusedMultiplyAdd(av, b1, c21);
            av = Vector128.Create(a[3 * rs]); c30 = Vector128.FusedMultiplyAdd(av, b0, c30); c31 = Vector128.FusedMultiplyAdd(av, b1, c31);
            av = Vector128.Create(a[4 * rs]); c40 = Vector128.FusedMultiplyAdd(av, b0, c40); c41 = Vector128.FusedMultiplyAdd(av, b1, c41);
            av = Vector128.Create(a[5 * rs]); c50 = Vector128.FusedMultiplyAdd(av, b0, c50); c51 = Vector128.FusedMultiplyAdd(av, b1, c51);
            a += cs; b += bs;
        }
        Store128(c, c00, c01, accumulate, bias); c += ldc;
        Store128(c, c10, c11, accumulate, bias); c += ldc;
        Store128(c, c20, c21, accumulate, bias); c += ldc;
        Store128(c, c30, c31, accumulate, bias); c += ldc;
        Store128(c, c40, c41, accumulate, bias); c += ldc;
        Store128(c, c50, c51, accumulate, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128(float* c, Vector128<float> v0, Vector128<float> v1, bool accumulate, float* bias)
    {
        if (accumulate) { v0 += Vector128.Load(c); v1 += Vector128.Load(c + 4); }
        else if (bias != null) { v0 += Vector128.Load(bias); v1 += Vector128.Load(bias + 4); }
        Vector128.Store(v0, c);
        Vector128.Store(v1, c + 4);
    }

    public static void KernelScalar(int kc, float* a, nint rs, nint cs, float* b, nint bs, float* c, int ldc, bool accumulate, float* bias)
    {
        float* acc = stackalloc float[MrScalar * NrScalar];
        for (int i = 0; i < MrScalar * NrScalar; i++) acc[i] = 0;
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < MrScalar; r++)
                for (int j = 0; j < NrScalar; j++)
                    acc[r * NrScalar + j] = MathF.FusedMultiplyAdd(a[r * rs], b[j], acc[r * NrScalar + j]);
            a += cs; b += bs;
        }
        for (int r = 0; r < MrScalar; r++)
            for (int j = 0; j < NrScalar; j++)
                c[r * ldc + j] = acc[r * NrScalar + j] + (accumulate ? c[r * ldc + j] : bias != null ? bias[j] : 0f);
    }
}
