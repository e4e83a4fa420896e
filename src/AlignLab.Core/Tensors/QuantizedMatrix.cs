using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>
/// An [rows × cols] matrix (an nn.Linear weight, [out, in]) stored as unsigned 4- or 8-bit codes with one scale and
/// integer zero point per row: w[r, c] = scale[r]·(code[r, c] − zero[r]). Symmetric grids are stored the same way with
/// zero = 2^(b−1). 8-bit rows hold one code per byte. 4-bit rows hold two per byte in blocks of 32 columns: byte i of a
/// block carries column i in its low nibble and column i + 16 in its high nibble, so one 16-byte load unpacks into two
/// runs of 16 consecutive columns without a shuffle; a row is padded to whole blocks (padding codes are 0 and never read).
/// </summary>
public sealed class QuantizedMatrix
{
    /// <summary>Columns per 4-bit block (16 bytes).</summary>
    public const int Block = 32;

    private QuantizedMatrix(int rows, int cols, int bits, byte[] codes, float[] scales, float[] zeros)
    {
        Rows = rows; Cols = cols; Bits = bits; Codes = codes; Scales = scales; Zeros = zeros;
    }

    public int Rows { get; }
    public int Cols { get; }
    /// <summary>4 or 8.</summary>
    public int Bits { get; }
    /// <summary>The packed codes, <see cref="RowBytes"/> per row.</summary>
    public byte[] Codes { get; }
    public float[] Scales { get; }
    public float[] Zeros { get; }

    public int RowBytes => RowBytesFor(Bits, Cols);

    /// <summary>Storage of codes, scales and zeros, in bytes.</summary>
    public long Bytes => Codes.LongLength + 4L * (Scales.Length + Zeros.Length);

    public static int RowBytesFor(int bits, int cols) => bits switch
    {
        8 => cols,
        4 => (cols + Block - 1) / Block * (Block / 2),
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "packed storage holds 4- or 8-bit codes"),
    };

    /// <summary>Wraps stored codes after checking every length and that codes and zeros fit in <paramref name="bits"/>.</summary>
    public static QuantizedMatrix FromCodes(int rows, int cols, int bits, byte[] codes, float[] scales, float[] zeros)
    {
        if (rows < 0 || cols < 0) throw new ArgumentException($"a quantized matrix cannot be [{rows}×{cols}]");
        long need = (long)rows * RowBytesFor(bits, cols);
        if (codes.LongLength != need) throw new ArgumentException($"a {bits}-bit [{rows}×{cols}] matrix has {need} code bytes, got {codes.LongLength}");
        if (scales.Length != rows || zeros.Length != rows) throw new ArgumentException($"a [{rows}×{cols}] matrix has {rows} scales and zeros, got {scales.Length} and {zeros.Length}");
        int max = (1 << bits) - 1;
        for (int r = 0; r < rows; r++)
        {
            float z = zeros[r];
            if (!(z >= 0 && z <= max && z == MathF.Round(z))) throw new ArgumentException($"row {r}: zero point {z} is not an integer code in [0, {max}]");
            if (!float.IsFinite(scales[r]) || scales[r] < 0) throw new ArgumentException($"row {r}: scale {scales[r]} is not a finite non-negative number");
        }
        return new QuantizedMatrix(rows, cols, bits, codes, scales, zeros);
    }

    /// <summary>Round-to-nearest quantization of each row on its own min-max grid (the grid fake quantization uses).</summary>
    public static QuantizedMatrix Quantize(ReadOnlySpan<float> w, int rows, int cols, int bits, bool symmetric, float clip) =>
        OnGrid(w, w, rows, cols, bits, symmetric, clip);

    /// <summary>
    /// Codes for <paramref name="values"/> on the per-row grids of <paramref name="reference"/>: how a weight chosen on
    /// that grid by another algorithm (GPTQ) is stored. Throws when a value is not on its row's grid, since storing it
    /// would silently change the model.
    /// </summary>
    public static QuantizedMatrix OnGrid(ReadOnlySpan<float> reference, ReadOnlySpan<float> values, int rows, int cols, int bits, bool symmetric, float clip)
    {
        if (reference.Length != rows * cols || values.Length != rows * cols)
            throw new ArgumentException($"a [{rows}×{cols}] matrix needs {rows * cols} values, got {reference.Length} and {values.Length}");
        int rowBytes = RowBytesFor(bits, cols);
        var codes = new byte[(long)rows * rowBytes];
        var scales = new float[rows];
        var zeros = new float[rows];
        int offset = symmetric ? 1 << (bits - 1) : 0;
        for (int r = 0; r < rows; r++)
        {
            var (scale, zero) = FakeQuantKernel.Parameters(reference.Slice(r * cols, cols), bits, symmetric, clip);
            scales[r] = scale;
            zeros[r] = zero + offset;
            var row = values.Slice(r * cols, cols);
            var dst = codes.AsSpan(r * rowBytes, rowBytes);
            for (int c = 0; c < cols; c++)
            {
                int code = FakeQuantKernel.Code(row[c], scale, zero, bits, symmetric) + offset;
                if (scale * (code - zeros[r]) != row[c] && values != reference)
                    throw new ArgumentException($"row {r}, column {c}: {row[c]} is not on the row's {bits}-bit grid (scale {scale}, zero {zero})");
                SetCode(dst, bits, c, code);
            }
        }
        return new QuantizedMatrix(rows, cols, bits, codes, scales, zeros);
    }

    public int Code(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols) throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {col}) is outside [{Rows}×{Cols}]");
        return LowBitKernels.Code(Codes.AsSpan(row * RowBytes, RowBytes), Bits, col);
    }

    /// <summary>The float matrix [rows × cols] the codes stand for.</summary>
    public float[] Dequantize()
    {
        var result = new float[(long)Rows * Cols];
        for (int r = 0; r < Rows; r++) LowBitKernels.DequantizeRow(this, r, result.AsSpan(r * Cols, Cols));
        return result;
    }

    /// <summary>y[m × rows] = x[m × cols] · Wᵀ: a fused unpack-and-dot pass per row for m = 1 (decoding), blocks of rows
    /// dequantized into cache and multiplied by the float GEMM for m &gt; 1 (prefill).</summary>
    public void Multiply(ReadOnlySpan<float> x, int m, Span<float> y, int threads = 0)
    {
        if (x.Length < (long)m * Cols) throw new ArgumentException($"input of {x.Length} values is shorter than [{m}×{Cols}]");
        if (y.Length < (long)m * Rows) throw new ArgumentException($"output of {y.Length} values is shorter than [{m}×{Rows}]");
        if (threads <= 0) threads = EngineSettings.Threads;
        if (m == 1) LowBitKernels.Gemv(this, x[..Cols], y[..Rows], threads);
        else LowBitKernels.Gemm(this, x, m, y, threads);
    }

    private static void SetCode(Span<byte> row, int bits, int col, int code)
    {
        if (bits == 8) { row[col] = (byte)code; return; }
        int i = col / Block * (Block / 2) + col % (Block / 2);
        row[i] = col % Block < Block / 2 ? (byte)((row[i] & 0xF0) | code) : (byte)((row[i] & 0x0F) | (code << 4));
    }
}
