using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>
/// Products with a <see cref="QuantizedMatrix"/>. Codes are read in chunks of 16 (16 bytes of 8-bit codes, or the low or
/// high nibbles of a 16-byte 4-bit block), widened to floats at the selected vector width and never written back as a
/// float matrix for one-row products: y_r = s_r·(Σ_c x_c·q_rc − z_r·Σ_c x_c). Columns past the last whole chunk, and the
/// scalar path, read codes one at a time.
/// </summary>
internal static unsafe class LowBitKernels
{
    /// <summary>Weight elements from which a one-row product is split across threads (as the float GEMV).</summary>
    private const long ParallelElements = 1 << 18;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Code(ReadOnlySpan<byte> row, int bits, int col)
    {
        if (bits == 8) return row[col];
        byte b = row[col / QuantizedMatrix.Block * (QuantizedMatrix.Block / 2) + col % (QuantizedMatrix.Block / 2)];
        return col % QuantizedMatrix.Block < QuantizedMatrix.Block / 2 ? b & 0x0F : b >> 4;
    }

    /// <summary>Columns covered by whole 16-code chunks.</summary>
    private static int VectorColumns(int bits, int cols) => bits == 8 ? cols / 16 * 16 : cols / QuantizedMatrix.Block * QuantizedMatrix.Block;

    private static SimdLevel Level()
    {
        var s = EngineSettings.Simd;
        return s == SimdLevel.Vector512 && !Vector512.IsHardwareAccelerated ? SimdLevel.Vector256 : s;
    }

    public static void Gemv(QuantizedMatrix w, ReadOnlySpan<float> x, Span<float> y, int threads)
    {
        int rows = w.Rows, cols = w.Cols, bits = w.Bits, rowBytes = w.RowBytes;
        double sumX = 0;
        foreach (float v in x) sumX += v;
        float sx = (float)sumX;
        var level = Level();
        int parts = (long)rows * cols >= ParallelElements ? Math.Min(threads, Math.Max(1, rows / 16)) : 1;
        fixed (float* px0 = x) fixed (float* py0 = y) fixed (byte* pc0 = w.Codes)
        {
            nint px = (nint)px0, py = (nint)py0, pc = (nint)pc0;
            Parallelism.For(parts, parts, part =>
            {
                int r0 = (int)((long)rows * part / parts), r1 = (int)((long)rows * (part + 1) / parts);
                for (int r = r0; r < r1; r++)
                {
                    float dot = Dot((byte*)pc + (long)r * rowBytes, bits, cols, (float*)px, level);
                    ((float*)py)[r] = w.Scales[r] * (dot - w.Zeros[r] * sx);
                }
            });
        }
    }

    /// <summary>
    /// Prefill: blocks of rows dequantized into an L2-sized float buffer, each multiplied by the packed float GEMM, so
    /// the O(rows·cols) unpacking is shared by all m input rows.
    /// </summary>
    public static void Gemm(QuantizedMatrix w, ReadOnlySpan<float> x, int m, Span<float> y, int threads)
    {
        int rows = w.Rows, cols = w.Cols;
        if (cols == 0) { y[..(m * rows)].Clear(); return; }
        int blockRows = Math.Clamp((1 << 16) / Math.Max(1, cols) / 16 * 16, 16, Math.Max(16, rows));
        var buffer = StoragePool.Rent(blockRows * cols, zeroed: false);
        for (int r0 = 0; r0 < rows; r0 += blockRows)
        {
            int n = Math.Min(blockRows, rows - r0);
            for (int r = 0; r < n; r++) DequantizeRow(w, r0 + r, buffer.AsSpan(r * cols, cols));
            Kernels.Gemm.Multiply(false, true, m, n, cols, x, cols, buffer.AsSpan(0, n * cols), cols, y[r0..], rows, threads: threads);
        }
        GC.KeepAlive(buffer);
    }

    public static void DequantizeRow(QuantizedMatrix w, int r, Span<float> dst)
    {
        int cols = w.Cols, bits = w.Bits;
        float s = w.Scales[r], z = w.Zeros[r];
        var level = Level();
        fixed (byte* row = &w.Codes[(long)r * w.RowBytes]) fixed (float* d = dst)
        {
            int vc = level == SimdLevel.Scalar ? 0 : VectorColumns(bits, cols);
            for (int c0 = 0, chunk = 0; c0 < vc; chunk++)
            {
                var packed = Vector128.Load(row + 16 * chunk);
                if (bits == 8) { Store16(packed, s, z, d + c0, level); c0 += 16; }
                else
                {
                    var (lo, hi) = CodeWidening.Nibbles(packed);
                    Store16(lo, s, z, d + c0, level);
                    Store16(hi, s, z, d + c0 + 16, level);
                    c0 += 32;
                }
            }
            var span = new ReadOnlySpan<byte>(row, w.RowBytes);
            for (int c = vc; c < cols; c++) d[c] = s * (Code(span, bits, c) - z);
        }
    }

    /// <summary>Σ_c x_c·q_c over one row of codes.</summary>
    private static float Dot(byte* row, int bits, int cols, float* x, SimdLevel level)
    {
        int vc = level == SimdLevel.Scalar ? 0 : VectorColumns(bits, cols);
        float sum = level switch
        {
            SimdLevel.Vector512 => Dot512(row, bits, vc, x),
            SimdLevel.Vector256 => Dot256(row, bits, vc, x),
            SimdLevel.Vector128 => Dot128(row, bits, vc, x),
            _ => 0f,
        };
        var span = new ReadOnlySpan<byte>(row, QuantizedMatrix.RowBytesFor(bits, cols));
        for (int c = vc; c < cols; c++) sum += x[c] * Code(span, bits, c);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot512(byte* row, int bits, int vc, float* x)
    {
        Vector512<float> a0 = default, a1 = default;
        if (bits == 8)
            for (int c = 0; c < vc; c += 32)
            {
                a0 = Vector512.FusedMultiplyAdd(CodeWidening.To512(Vector128.Load(row + c)), Vector512.Load(x + c), a0);
                if (c + 16 < vc) a1 = Vector512.FusedMultiplyAdd(CodeWidening.To512(Vector128.Load(row + c + 16)), Vector512.Load(x + c + 16), a1);
            }
        else
            for (int c = 0; c < vc; c += 32)
            {
                var (lo, hi) = CodeWidening.Nibbles(Vector128.Load(row + c / 2));
                a0 = Vector512.FusedMultiplyAdd(CodeWidening.To512(lo), Vector512.Load(x + c), a0);
                a1 = Vector512.FusedMultiplyAdd(CodeWidening.To512(hi), Vector512.Load(x + c + 16), a1);
            }
        return Vector512.Sum(a0 + a1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot256(byte* row, int bits, int vc, float* x)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        int step = bits == 8 ? 16 : 32;
        for (int c = 0; c < vc; c += step)
        {
            if (bits == 8)
            {
                var (p, q) = CodeWidening.To256(Vector128.Load(row + c));
                a0 = Vector256.FusedMultiplyAdd(p, Vector256.Load(x + c), a0);
                a1 = Vector256.FusedMultiplyAdd(q, Vector256.Load(x + c + 8), a1);
            }
            else
            {
                var (lo, hi) = CodeWidening.Nibbles(Vector128.Load(row + c / 2));
                var (p, q) = CodeWidening.To256(lo);
                var (r, s) = CodeWidening.To256(hi);
                a0 = Vector256.FusedMultiplyAdd(p, Vector256.Load(x + c), a0);
                a1 = Vector256.FusedMultiplyAdd(q, Vector256.Load(x + c + 8), a1);
                a2 = Vector256.FusedMultiplyAdd(r, Vector256.Load(x + c + 16), a2);
                a3 = Vector256.FusedMultiplyAdd(s, Vector256.Load(x + c + 24), a3);
            }
        }
        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot128(byte* row, int bits, int vc, float* x)
    {
        Vector128<float> a0 = default, a1 = default;
        int step = bits == 8 ? 16 : 32;
        for (int c = 0; c < vc; c += step)
        {
            if (bits == 8) Chunk128(Vector128.Load(row + c), x + c, ref a0, ref a1);
            else
            {
                var (lo, hi) = CodeWidening.Nibbles(Vector128.Load(row + c / 2));
                Chunk128(lo, x + c, ref a0, ref a1);
                Chunk128(hi, x + c + 16, ref a0, ref a1);
            }
        }
        return Vector128.Sum(a0 + a1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk128(Vector128<byte> codes, float* x, ref Vector128<float> a0, ref Vector128<float> a1)
    {
        var (p, q, r, s) = CodeWidening.To128(codes);
        a0 = Vector128.FusedMultiplyAdd(p, Vector128.Load(x), a0);
        a1 = Vector128.FusedMultiplyAdd(q, Vector128.Load(x + 4), a1);
        a0 = Vector128.FusedMultiplyAdd(r, Vector128.Load(x + 8), a0);
        a1 = Vector128.FusedMultiplyAdd(s, Vector128.Load(x + 12), a1);
    }

    /// <summary>d[0..16) = s·(q − z) for 16 codes, with the same two float operations as the scalar path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store16(Vector128<byte> codes, float s, float z, float* d, SimdLevel level)
    {
        switch (level)
        {
            case SimdLevel.Vector512:
                ((CodeWidening.To512(codes) - Vector512.Create(z)) * Vector512.Create(s)).Store(d);
                break;
            case SimdLevel.Vector256:
                var (p, q) = CodeWidening.To256(codes);
                var z8 = Vector256.Create(z); var s8 = Vector256.Create(s);
                ((p - z8) * s8).Store(d);
                ((q - z8) * s8).Store(d + 8);
                break;
            default:
                var (a, b, c, e) = CodeWidening.To128(codes);
                var z4 = Vector128.Create(z); var s4 = Vector128.Create(s);
                ((a - z4) * s4).Store(d); ((b - z4) * s4).Store(d + 4); ((c - z4) * s4).Store(d + 8); ((e - z4) * s4).Store(d + 12);
                break;
        }
    }
}
