using AlignLab.Core.Kernels;

namespace AlignLab.Core.Tests.Kernels;

/// <summary>
/// The GEMM on every SIMD path, every transpose combination and edge sizes, against a double-precision triple loop.
/// Up to <see cref="Gemm.InPlaceBMaxRows"/> rows B is read in place or, when a transposed B is large (40×300×260), C
/// is computed transposed; the 300-row cases take the packed path.
/// </summary>
[Collection("EngineSettings")]
public class GemmTests
{
    private static double[] Naive(bool ta, bool tb, int m, int n, int k, float[] a, int lda, float[] b, int ldb)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * n + j] = s;
            }
        return c;
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (var simd in new[] { SimdLevel.Scalar, SimdLevel.Vector128, SimdLevel.Vector256, SimdLevel.Vector512 })
            foreach (var (m, n, k) in new[] { (1, 1, 1), (1, 37, 19), (7, 5, 3), (9, 33, 17), (33, 65, 300), (130, 70, 513), (40, 300, 260), (300, 70, 40) })
                foreach (var ta in new[] { false, true })
                    foreach (var tb in new[] { false, true })
                        yield return [simd, m, n, k, ta, tb];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesNaiveProduct(SimdLevel simd, int m, int n, int k, bool ta, bool tb)
    {
        if (simd == SimdLevel.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        var gen = new Generator(5);
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 1; // padded leading dimensions
        var a = gen.Uniform([(ta ? k : m) * lda], -1, 1).ToArray();
        var b = gen.Uniform([(tb ? n : k) * ldb], -1, 1).ToArray();
        var c = gen.Uniform([m * ldc], -1, 1).ToArray();
        var before = (float[])c.Clone();
        var expected = Naive(ta, tb, m, n, k, a, lda, b, ldb);
        var saved = EngineSettings.Simd;
        try
        {
            EngineSettings.Simd = simd;
            Gemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate: true, threads: 2);
        }
        finally { EngineSettings.Simd = saved; }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(c[i * ldc + j] - (before[i * ldc + j] + expected[i * n + j])) <= 1e-5 * k + 1e-5, $"C[{i},{j}]");
            Assert.Equal(before[i * ldc + n], c[i * ldc + n]); // padding column untouched
        }
    }

    [Theory]
    [InlineData(SimdLevel.Scalar, 9, 37, 5)]
    [InlineData(SimdLevel.Vector256, 13, 70, 300)]
    [InlineData(SimdLevel.Vector512, 17, 70, 300)]
    [InlineData(SimdLevel.Vector512, 1, 70, 20)]
    [InlineData(SimdLevel.Vector512, 17, 70, 300, true)]
    [InlineData(SimdLevel.Vector512, 17, 300, 260, true)]
    [InlineData(SimdLevel.Vector256, 300, 70, 30, true)]
    [InlineData(SimdLevel.Vector128, 13, 70, 300)]
    [InlineData(SimdLevel.Vector128, 300, 70, 30, true)]
    public void BiasIsAddedToEveryRow(SimdLevel simd, int m, int n, int k, bool transB = false)
    {
        if (simd == SimdLevel.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        var gen = new Generator(8);
        var a = gen.Uniform([m * k], -1, 1).ToArray();
        var b = gen.Uniform([k * n], -1, 1).ToArray();
        var bias = gen.Uniform([n], -1, 1).ToArray();
        int ldb = transB ? k : n;
        var expected = Naive(false, transB, m, n, k, a, k, b, ldb);
        var c = gen.Uniform([m * n], -1, 1).ToArray(); // garbage: the bias must replace, not add to, what is there
        var saved = EngineSettings.Simd;
        try
        {
            EngineSettings.Simd = simd;
            Gemm.Multiply(false, transB, m, n, k, a, k, b, ldb, c, n, bias: bias);
        }
        finally { EngineSettings.Simd = saved; }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(c[i * n + j] - (expected[i * n + j] + bias[j])) <= 1e-5 * k + 1e-5, $"C[{i},{j}]");
    }

    [Theory]
    [InlineData(300, 700, 600, true)]  // packed B
    [InlineData(200, 700, 600, true)]  // C computed transposed
    [InlineData(200, 700, 600, false)] // B read in place
    [InlineData(1, 1030, 300, true)]   // matrix-vector, split where n / 2 is not a multiple of its 4-row groups
    public void ResultIsBitIdenticalForAnyThreadCount(int m, int n, int k, bool transB)
    {
        var gen = new Generator(11);
        var a = gen.Uniform([m * k], -1, 1).ToArray();
        var b = gen.Uniform([n * k], -1, 1).ToArray();
        var c1 = new float[m * n]; var c2 = new float[m * n];
        int ldb = transB ? k : n;
        Gemm.Multiply(false, transB, m, n, k, a, k, b, ldb, c1, n, threads: 1);
        Gemm.Multiply(false, transB, m, n, k, a, k, b, ldb, c2, n, threads: 2);
        Assert.Equal(c1, c2);
    }

    [Fact]
    public void RejectsOperandsThatAreTooShort()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 4, 4, 4, new float[15], 4, new float[16], 4, new float[16], 4));
        Assert.Contains("operand A", ex.Message);
    }
}
