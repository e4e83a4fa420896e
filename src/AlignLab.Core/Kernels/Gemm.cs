using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AlignLab.Core.Kernels;

/// <summary>
/// Single-precision GEMM, C[m×n] (+)= op(A)·op(B), row-major with leading dimensions. Goto-style blocking:
/// B is packed per (KC × NC) block into NR-wide panels, A per (MC × KC) block into MR-high panels, and a register
/// micro-kernel computes each MR×NR tile. Work is split across threads by tiles only, never inside a sum, so the
/// result is bit-identical for any thread count. m = 1 takes a matrix-vector path.
/// </summary>
public static unsafe class Gemm
{
    private const int Kc = 256;
    private const int NcMax = 3072;
    /// <summary>
    /// Up to this many rows a large B is not packed: a row-major B is read in place, and a transposed one (an nn.Linear
    /// weight, prefill or small batches) is handled by computing Cᵀ (see <see cref="Swapped"/>). Packing B costs O(n·k)
    /// against O(m·n·k) of arithmetic, so it only pays off once each packed element is used by enough rows.
    /// </summary>
    internal const int InPlaceBMaxRows = 256;

    /// <summary>Below this size B is packed cheaply from cache and the transposed result would cost as much as it saves.</summary>
    private const long SwapMinBElements = 1 << 16;

    /// <summary>Weight elements from which a one-row product (decoding) is split across threads.</summary>
    private const long GemvParallelElements = 1 << 18;

    /// <param name="transA">A is stored as [k×m] (lda ≥ m) instead of [m×k] (lda ≥ k).</param>
    /// <param name="transB">B is stored as [n×k] (ldb ≥ k), e.g. an nn.Linear weight, instead of [k×n].</param>
    /// <param name="accumulate">C += op(A)·op(B) instead of C = op(A)·op(B).</param>
    /// <param name="bias">Optional row of n values added to every row of C (only without <paramref name="accumulate"/>),
    /// fused into the kernel's first store so C is written once.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        bool accumulate = false, int threads = 0, ReadOnlySpan<float> bias = default)
    {
        if (m == 0 || n == 0) return;
        if (threads <= 0) threads = EngineSettings.Threads;
        CheckExtent(a.Length, transA ? k : m, transA ? m : k, lda, "A");
        CheckExtent(b.Length, transB ? n : k, transB ? k : n, ldb, "B");
        CheckExtent(c.Length, m, n, ldc, "C");
        bool withBias = !bias.IsEmpty && !accumulate;
        if (withBias && bias.Length != n) throw new ArgumentException($"GEMM bias has {bias.Length} values for {n} columns");
        if (k == 0 || (m == 1 && !transA && withBias))
        {
            // No product (k = 0) or a one-row product: seed C with the bias, then accumulate.
            if (!accumulate) for (int i = 0; i < m; i++) { if (withBias) bias.CopyTo(c.Slice(i * ldc, n)); else c.Slice(i * ldc, n).Clear(); }
            if (k == 0) return;
            accumulate = true; withBias = false;
        }
        // A one-row product is bound by streaming B from memory, not by arithmetic: a second core adds bandwidth once
        // B is large enough to hide the fork.
        threads = m == 1 && !transA ? (n * (long)k >= GemvParallelElements ? threads : 1) : Parallelism.ThreadsFor(2.0 * m * n * k, threads);
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c) fixed (float* pbias = bias)
        {
            if (m == 1 && !transA) Gemv.Multiply(transB, n, k, pa, pb, ldb, pc, accumulate, threads);
            else if (transB && m <= InPlaceBMaxRows && n > m && (long)n * k >= SwapMinBElements) Swapped(transA, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, threads, withBias ? pbias : null);
            else Blocked(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, threads, withBias ? pbias : null);
        }
    }

    /// <summary>
    /// C = op(A)·Bᵀ with few rows, as Cᵀ = B·op(A)ᵀ: B [n×k] becomes the in-place A operand (never packed) and only the
    /// small op(A) is packed; Cᵀ is then written into C in cache-sized blocks.
    /// </summary>
    private static void Swapped(bool transA, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc,
        bool accumulate, int threads, float* bias)
    {
        var ct = StoragePool.Rent(n * m, zeroed: false);
        fixed (float* t = ct)
        {
            Blocked(false, !transA, n, m, k, b, ldb, a, lda, t, m, false, threads, null);
            const int Block = 32;
            for (int j0 = 0; j0 < n; j0 += Block)
                for (int i0 = 0; i0 < m; i0 += Block)
                    for (int i = i0, iEnd = Math.Min(m, i0 + Block); i < iEnd; i++)
                    {
                        float* row = c + (long)i * ldc;
                        for (int j = j0, jEnd = Math.Min(n, j0 + Block); j < jEnd; j++)
                        {
                            float v = t[(long)j * m + i];
                            row[j] = accumulate ? row[j] + v : bias != null ? v + bias[j] : v;
                        }
                    }
        }
        GC.KeepAlive(ct);
    }

    private static void CheckExtent(int length, int rows, int cols, int ld, string name)
    {
        if (ld < cols) throw new ArgumentException($"GEMM operand {name}: leading dimension {ld} is smaller than its {cols} columns");
        if (rows > 0 && (long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"GEMM operand {name}: a [{rows}×{cols}] matrix with leading dimension {ld} needs more than the {length} elements given");
    }

    private readonly record struct KernelShape(int Mr, int Nr, SimdLevel Level);

    private static KernelShape Shape() => EngineSettings.Simd switch
    {
        SimdLevel.Vector512 => new(MicroKernels.Mr512, MicroKernels.Nr512, SimdLevel.Vector512),
        SimdLevel.Vector256 => new(MicroKernels.Mr256, MicroKernels.Nr256, SimdLevel.Vector256),
        SimdLevel.Vector128 => new(MicroKernels.Mr128, MicroKernels.Nr128, SimdLevel.Vector128),
        _ => new(MicroKernels.MrScalar, MicroKernels.NrScalar, SimdLevel.Scalar),
    };

    private static void Blocked(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb,
        float* c, int ldc, bool accumulate, int threads, float* bias)
    {
        nint pbias = (nint)bias;
        var ks = Shape();
        int mc = ks.Mr * 16;
        int nc = Math.Min(NcMax, RoundUp(n, ks.Nr));
        int kcMax = Math.Min(Kc, k);
        float* packedB = Scratch.Get(0, kcMax * nc);
        bool bInPlace = !transB && m <= InPlaceBMaxRows;
        nint pa = (nint)a, pb = (nint)b, pcc = (nint)c, ppb = (nint)packedB;
        for (int jc = 0; jc < n; jc += nc)
        {
            int ncCur = Math.Min(nc, n - jc);
            int panels = (ncCur + ks.Nr - 1) / ks.Nr;
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                bool acc = accumulate || pc > 0;
                int jcLocal = jc, pcLocal = pc;
                int icBlocks = (m + mc - 1) / mc;
                // With few rows each packed B element would be used only a few times, so copying B costs a large share
                // of the work: full panels of a row-major B are then read where they are (row stride ldb).
                bool InPlace(int q) => bInPlace && (q + 1) * ks.Nr <= ncCur;
                void Pack(int q0, int q1)
                {
                    for (int q = q0; q < q1; q++)
                        if (!InPlace(q)) PackB(transB, (float*)pb, ldb, pcLocal, kc, jcLocal + q * ks.Nr, Math.Min(ks.Nr, ncCur - q * ks.Nr), ks.Nr, (float*)ppb + q * ks.Nr * kc);
                }
                void Compute(int ic0, int ic1, int q0, int q1)
                {
                    float* edge = Scratch.Get(2, MicroKernels.Mr512 * MicroKernels.Nr512);
                    float* packedTail = Scratch.Get(1, ks.Mr * kc);
                    nint rs = transA ? 1 : lda, cs = transA ? lda : 1;
                    for (int ic = ic0 * mc; ic < Math.Min(m, ic1 * mc); ic += mc)
                    {
                        int mcCur = Math.Min(mc, m - ic);
                        // Full row panels are read from A in place; only a ragged last panel is copied (zero-padded).
                        int fullRows = mcCur / ks.Mr * ks.Mr;
                        if (fullRows < mcCur) PackA(transA, (float*)pa, lda, ic + fullRows, mcCur - fullRows, pcLocal, kc, ks.Mr, packedTail);
                        for (int q = q0; q < q1; q++)
                        {
                            int j = jcLocal + q * ks.Nr, nr = Math.Min(ks.Nr, n - j);
                            bool inPlace = InPlace(q);
                            float* bPanel = inPlace ? (float*)pb + (long)pcLocal * ldb + j : (float*)ppb + q * ks.Nr * kc;
                            nint bs = inPlace ? ldb : ks.Nr;
                            for (int ir = 0; ir < mcCur; ir += ks.Mr)
                            {
                                int mr = Math.Min(ks.Mr, mcCur - ir);
                                float* cTile = (float*)pcc + (long)(ic + ir) * ldc + j;
                                float* tileBias = !acc && pbias != 0 ? (float*)pbias + j : null;
                                if (mr == ks.Mr)
                                    Tile(ks, kc, (float*)pa + (ic + ir) * rs + pcLocal * cs, rs, cs, bPanel, bs, cTile, ldc, mr, nr, acc, edge, tileBias);
                                else
                                    Tile(ks, kc, packedTail, 1, ks.Mr, bPanel, bs, cTile, ldc, mr, nr, acc, edge, tileBias);
                            }
                        }
                    }
                }
                // One fork per K block: threads own disjoint column panels (each packs its own B panels), or, when there
                // are too few panels to share, disjoint row blocks after B is packed once.
                if (panels >= 2 * threads || icBlocks < threads)
                {
                    int parts = Math.Min(threads, panels);
                    Parallelism.For(parts, threads, part =>
                    {
                        var (q0, q1) = Split(panels, parts, part);
                        Pack(q0, q1);
                        Compute(0, icBlocks, q0, q1);
                    });
                }
                else
                {
                    Pack(0, panels);
                    int parts = Math.Min(threads, icBlocks);
                    Parallelism.For(parts, threads, part =>
                    {
                        var (b0, b1) = Split(icBlocks, parts, part);
                        Compute(b0, b1, 0, panels);
                    });
                }
            }
        }
    }

    /// <summary>A full tile goes straight to C; an edge tile is computed into a per-thread scratch tile and copied out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(KernelShape ks, int kc, float* a, nint rs, nint cs, float* b, nint bs, float* c, int ldc, int mr, int nr, bool acc, float* tile, float* bias)
    {
        if (mr == ks.Mr && nr == ks.Nr) { Run(ks.Level, kc, a, rs, cs, b, bs, c, ldc, acc, bias); return; }
        // Edge tile: the bias (only nr values exist) is pre-filled into the temporary instead of read by the kernel.
        if (acc) for (int r = 0; r < mr; r++) for (int j = 0; j < nr; j++) tile[r * ks.Nr + j] = c[r * ldc + j];
        else if (bias != null) for (int r = 0; r < mr; r++) for (int j = 0; j < nr; j++) tile[r * ks.Nr + j] = bias[j];
        Run(ks.Level, kc, a, rs, cs, b, bs, tile, ks.Nr, acc || bias != null, null);
        for (int r = 0; r < mr; r++) for (int j = 0; j < nr; j++) c[r * ldc + j] = tile[r * ks.Nr + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run(SimdLevel level, int kc, float* a, nint rs, nint cs, float* b, nint bs, float* c, int ldc, bool acc, float* bias)
    {
        if (level == SimdLevel.Vector512) MicroKernels.Kernel512(kc, a, rs, cs, b, bs, c, ldc, acc, bias);
        else if (level == SimdLevel.Vector256) MicroKernels.Kernel256(kc, a, rs, cs, b, bs, c, ldc, acc, bias);
        else if (level == SimdLevel.Vector128) MicroKernels.Kernel128(kc, a, rs, cs, b, bs, c, ldc, acc, bias);
        else MicroKernels.KernelScalar(kc, a, rs, cs, b, bs, c, ldc, acc, bias);
    }

    /// <summary>Packs op(B)[p0..p0+kc, j0..j0+nr] as kc rows of NR floats, zero-padding missing columns.</summary>
    private static void PackB(bool transB, float* b, int ldb, int p0, int kc, int j0, int nr, int nrFull, float* dst)
    {
        if (!transB)
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = b + (long)(p0 + p) * ldb + j0;
                float* d = dst + p * nrFull;
                Buffer.MemoryCopy(src, d, nr * 4, nr * 4);
                for (int j = nr; j < nrFull; j++) d[j] = 0;
            }
        }
        else
        {
            // B stored [n×k]: each stored row j is one packed column; read rows contiguously, write with stride NR.
            for (int j = 0; j < nr; j++)
            {
                float* src = b + (long)(j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) dst[p * nrFull + j] = src[p];
            }
            for (int j = nr; j < nrFull; j++) for (int p = 0; p < kc; p++) dst[p * nrFull + j] = 0;
        }
    }

    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] as MR-row panels, each kc columns of MR floats, zero-padded (used for a ragged last panel).</summary>
    private static void PackA(bool transA, float* a, int lda, int i0, int mc, int p0, int kc, int mrFull, float* dst)
    {
        for (int ir = 0; ir < mc; ir += mrFull)
        {
            int mr = Math.Min(mrFull, mc - ir);
            float* panel = dst + ir * kc;
            if (transA)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(p0 + p) * lda + i0 + ir;
                    float* d = panel + p * mrFull;
                    for (int r = 0; r < mr; r++) d[r] = src[r];
                    for (int r = mr; r < mrFull; r++) d[r] = 0;
                }
            }
            else
            {
                for (int r = 0; r < mr; r++)
                {
                    float* src = a + (long)(i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) panel[p * mrFull + r] = src[p];
                }
                for (int r = mr; r < mrFull; r++) for (int p = 0; p < kc; p++) panel[p * mrFull + r] = 0;
            }
        }
    }

    private static (int Start, int End) Split(int count, int parts, int part)
    {
        int baseSize = count / parts, rem = count % parts;
        int start = part * baseSize + Math.Min(part, rem);
        return (start, start + baseSize + (part < rem ? 1 : 0));
    }

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;

    /// <summary>Per-thread 64-byte-aligned packing buffers that grow on demand and live as long as the thread.</summary>
    private static class Scratch
    {
        [ThreadStatic] private static float*[]? _buffers;
        [ThreadStatic] private static int[]? _sizes;

        public static float* Get(int slot, int floats)
        {
            _buffers ??= new float*[3];
            _sizes ??= new int[3];
            if (_sizes[slot] < floats)
            {
                if (_buffers[slot] != null) NativeMemory.AlignedFree(_buffers[slot]);
                _buffers[slot] = (float*)NativeMemory.AlignedAlloc((nuint)floats * 4, 64);
                _sizes[slot] = floats;
            }
            return _buffers[slot];
        }
    }
}
