using AlignLab.Core.Kernels;

namespace AlignLab.Core.Tests.Kernels;

public class QuantizationKernelTests
{
    [Fact]
    public void AsymmetricFourBitGridHasTheStatedBinEdges()
    {
        // Row [-1, 2]: s = 3/15 = 0.2, z = round(5) = 5; codes 0..15 are -1.0, -0.8, ..., 2.0.
        var x = Tensor.FromArray([-1f, 2f, 0f, 0.29f, 0.31f, 0.5f, -0.7f, 1.9f], 1, 8);
        var q = x.FakeQuantize(4).ToArray();
        Assert.Equal(-1f, q[0], 6);
        Assert.Equal(2f, q[1], 6);
        Assert.Equal(0f, q[2]); // zero is exactly on the grid
        Assert.Equal(0.2f, q[3], 6); // 0.29 / 0.2 = 1.45 → 1
        Assert.Equal(0.4f, q[4], 6); // 0.31 / 0.2 = 1.55 → 2
        Assert.Equal(0.4f, q[5], 6); // 2.5 → 2 (half to even)
        Assert.Equal(-0.8f, q[6], 6); // -3.5 → -4 (half to even)
        Assert.Equal(2f, q[7], 6); // 9.5 → 10
    }

    [Fact]
    public void ClipShrinksBothEndsAndClampsOutliers()
    {
        var x = Tensor.FromArray([-1f, 0f, 0.5f, 2f], 1, 4);
        var q = x.FakeQuantize(2, clip: 0.5f).ToArray();
        // Range [-0.5, 1]: s = 0.5, z = 1; levels -0.5, 0, 0.5, 1.
        Assert.Equal([-0.5f, 0f, 0.5f, 1f], q);
    }

    [Fact]
    public void SymmetricGridIsCentredAndClamped()
    {
        var x = Tensor.FromArray([-4f, 3f, 1.1f, -0.4f], 1, 4);
        var q = x.FakeQuantize(3, symmetric: true).ToArray();
        // s = 4/3; codes clamp to [-4, 3]: -4 → -3 (round(-3)), 3 → 2.25 → 2, 1.1 → 0.825 → 1, -0.4 → -0.3 → 0.
        Assert.Equal([-4f, 8f / 3, 4f / 3, 0f], q.Select(v => MathF.Round(v, 5)).ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void GroupsAreIndependentAndZeroRowsStayZero()
    {
        var x = Tensor.FromArray([0f, 0f, 0f, 0f, 1f, -1f, 3f, 0.2f], 2, 4);
        var whole = x.FakeQuantize(4).ToArray();
        Assert.Equal([0f, 0f, 0f, 0f], whole[..4]);
        var grouped = Tensor.FromArray([-1f, 2f, -100f, 200f], 1, 4).FakeQuantize(2, groupSize: 2).ToArray();
        // Each pair is quantized on its own range (levels -1, 0, 1, 2 for the first), so the small pair is not swamped
        // by the large one; as one group of four, both small values would round to 0.
        Assert.Equal(-1f, grouped[0], 5);
        Assert.Equal(2f, grouped[1], 5);
        var single = Tensor.FromArray([-1f, 2f, -100f, 200f], 1, 4).FakeQuantize(2).ToArray();
        Assert.Equal([0f, 0f], single[..2]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void ErrorIsAtMostHalfAStepInsideTheRange(int bits)
    {
        var x = new Generator(3).Normal([16, 64]);
        var q = x.FakeQuantize(bits).ToArray();
        var v = x.ToArray();
        for (int r = 0; r < 16; r++)
        {
            var row = v.AsSpan(r * 64, 64);
            var (scale, _) = FakeQuantKernel.Parameters(row, bits, false, 1f);
            for (int i = 0; i < 64; i++) Assert.True(MathF.Abs(q[r * 64 + i] - row[i]) <= scale / 2 + 1e-5f);
        }
    }

    [Fact]
    public void StraightThroughBackwardPassesTheGradientUnchanged()
    {
        var x = new Generator(4).Normal([3, 8]).RequireGrad();
        var g = new Generator(5).Normal([3, 8]);
        (x.FakeQuantize(2, clip: 0.5f) * g).Sum().Backward();
        Assert.Equal(g.ToArray(), x.Grad!.ToArray());
    }

    [Fact]
    public void FastHadamardEqualsTheDenseMatrixAndIsOrthonormal()
    {
        const int n = 16;
        var dense = new float[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                dense[i, j] = (System.Numerics.BitOperations.PopCount((uint)(i & j)) % 2 == 0 ? 1f : -1f) / MathF.Sqrt(n);
        var x = new Generator(6).Normal([5, n]);
        var fast = x.Hadamard().ToArray();
        var v = x.ToArray();
        for (int r = 0; r < 5; r++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += v[r * n + i] * dense[i, j];
                Assert.Equal(s, fast[r * n + j], 5);
            }
        // Orthonormal: the rows of H/√n (the transform of the identity) have unit norm and are mutually orthogonal.
        var h = IdentityRows(n).Hadamard().ToArray();
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++) dot += h[a * n + k] * h[b * n + k];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 6);
            }
        // Its own inverse.
        var back = x.Hadamard().Hadamard().ToArray();
        for (int i = 0; i < v.Length; i++) Assert.Equal(v[i], back[i], 5);
    }

    [Fact]
    public void HadamardRefusesLengthsThatAreNotPowersOfTwo() =>
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 12).Hadamard());

    private static Tensor IdentityRows(int n)
    {
        var t = Tensor.Zeros(n, n);
        for (int i = 0; i < n; i++) t.AsSpan()[i * n + i] = 1f;
        return t;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => MathF.Abs(a - b) <= tolerance;
        public int GetHashCode(float v) => 0;
    }
}
