using AlignLab.Core.Kernels;

namespace AlignLab.Core.Tests.Kernels;

/// <summary>
/// Packed 4- and 8-bit weights: the stored codes are the fake quantizer's, dequantizing gives exactly the fake-quantized
/// matrix, and the packed products (one row: fused unpack-and-dot; several rows: dequantized blocks through the GEMM)
/// equal a float product with the dequantized matrix on every SIMD path, for column counts that are and are not
/// multiples of the 16- and 32-code chunks.
/// </summary>
[Collection("EngineSettings")]
public class LowBitKernelTests
{
    private static readonly SimdLevel[] Paths = [SimdLevel.Scalar, SimdLevel.Vector128, SimdLevel.Vector256, SimdLevel.Vector512];

    public static IEnumerable<object[]> Cases()
    {
        foreach (var simd in Paths)
            foreach (int bits in new[] { 4, 8 })
                foreach (var (m, rows, cols) in new[] { (1, 5, 7), (1, 9, 32), (1, 37, 100), (1, 300, 1030), (3, 17, 48), (40, 70, 200), (9, 33, 513) })
                    yield return [simd, bits, m, rows, cols];
    }

    private static float[] Random(int n, ulong seed) => new Generator(seed).Uniform([n], -1, 1).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void PackedProductEqualsFloatProductWithDequantizedWeights(SimdLevel simd, int bits, int m, int rows, int cols)
    {
        if (!EngineSettings.Supports(simd)) return;
        var w = Random(rows * cols, 3);
        w[0] = 4f; // an outlier, so rows have different grids
        var x = Random(m * cols, 4);
        var saved = EngineSettings.Simd;
        try
        {
            EngineSettings.Simd = simd;
            var q = QuantizedMatrix.Quantize(w, rows, cols, bits, symmetric: false, clip: 0.95f);
            var deq = q.Dequantize();
            var y = new float[m * rows];
            q.Multiply(x, m, y, threads: 2);
            for (int i = 0; i < m; i++)
                for (int r = 0; r < rows; r++)
                {
                    double e = 0, mag = 0;
                    for (int c = 0; c < cols; c++) { e += (double)x[i * cols + c] * deq[r * cols + c]; mag += Math.Abs((double)x[i * cols + c] * deq[r * cols + c]); }
                    Assert.True(Math.Abs(y[i * rows + r] - e) <= 2e-6 * mag + 1e-6, $"y[{i},{r}] = {y[i * rows + r]}, expected {e} ({simd}, {bits} bits)");
                }
        }
        finally { EngineSettings.Simd = saved; }
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(4, true)]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void DequantizedMatrixIsExactlyTheFakeQuantizedOneOnEveryPath(int bits, bool symmetric)
    {
        int rows = 6, cols = 77;
        var w = Random(rows * cols, 7);
        var expected = Tensor.FromArray(w, rows, cols).FakeQuantize(bits, symmetric, 0.9f).ToArray();
        var saved = EngineSettings.Simd;
        try
        {
            foreach (var simd in Paths.Where(EngineSettings.Supports))
            {
                EngineSettings.Simd = simd;
                var q = QuantizedMatrix.Quantize(w, rows, cols, bits, symmetric, 0.9f);
                Assert.Equal(expected, q.Dequantize());
                for (int r = 0; r < rows; r++)
                {
                    var (scale, zero) = FakeQuantKernel.Parameters(w.AsSpan(r * cols, cols), bits, symmetric, 0.9f);
                    for (int c = 0; c < cols; c++)
                        Assert.Equal(FakeQuantKernel.Code(w[r * cols + c], scale, zero, bits, symmetric) + (symmetric ? 1 << (bits - 1) : 0), q.Code(r, c));
                }
            }
        }
        finally { EngineSettings.Simd = saved; }
    }

    [Fact]
    public void FourBitBlocksHoldColumnsIAndIPlus16InOneByte()
    {
        var w = new float[40];
        for (int c = 0; c < 40; c++) w[c] = c % 16; // row min 0, max 15: codes equal values with clip 1
        var q = QuantizedMatrix.Quantize(w, 1, 40, 4, symmetric: false, clip: 1f);
        Assert.Equal(32, q.RowBytes); // two 16-byte blocks, the second one partly padding
        Assert.Equal((byte)(0 | (0 << 4)), q.Codes[0]); // columns 0 and 16
        Assert.Equal((byte)(5 | (5 << 4)), q.Codes[5]); // columns 5 and 21
        Assert.Equal((byte)(0 | (0 << 4)), q.Codes[16]); // columns 32 (0) and 48 (padding, 0)
        Assert.Equal((byte)7, q.Codes[23]); // column 39 = 7, no partner
    }

    [Fact]
    public void FourBitStorageIsUnderOneSixthOfFloat32()
    {
        var q = QuantizedMatrix.Quantize(Random(256 * 256, 1), 256, 256, 4, false, 1f);
        Assert.True(q.Bytes * 6 <= 256L * 256 * 4, $"{q.Bytes} bytes");
    }

    [Fact]
    public void ValuesOffTheGridAreRejected()
    {
        var w = Random(2 * 8, 2);
        var onGrid = Tensor.FromArray(w, 2, 8).FakeQuantize(4, false, 1f).ToArray();
        Assert.Equal(onGrid, QuantizedMatrix.OnGrid(w, onGrid, 2, 8, 4, false, 1f).Dequantize());
        onGrid[9] += 1e-3f;
        var e = Assert.Throws<ArgumentException>(() => QuantizedMatrix.OnGrid(w, onGrid, 2, 8, 4, false, 1f));
        Assert.Contains("row 1, column 1", e.Message);
    }

    [Fact]
    public void MalformedStorageIsRejected()
    {
        Assert.Contains("code bytes", Assert.Throws<ArgumentException>(() => QuantizedMatrix.FromCodes(2, 40, 4, new byte[40], new float[2], new float[2])).Message);
        Assert.Contains("zero point", Assert.Throws<ArgumentException>(() => QuantizedMatrix.FromCodes(1, 8, 4, new byte[16], [1f], [16f])).Message);
    }

    [Fact]
    public void QuantizedLinearKeepsLeadingAxes()
    {
        var q = QuantizedMatrix.Quantize(Random(5 * 64, 8), 5, 64, 4, false, 1f);
        var x = Tensor.FromArray(Random(2 * 3 * 64, 9), 2, 3, 64);
        var y = x.QuantizedLinear(q);
        Assert.Equal([2, 3, 5], y.Shape.ToArray());
        var reference = x.MatMul(Tensor.FromArray(q.Dequantize(), 5, 64).T()).ToArray();
        var got = y.ToArray();
        for (int i = 0; i < got.Length; i++) Assert.Equal(reference[i], got[i], 4);
    }
}
