namespace AlignLab.Core.Tests.Gradients;

/// <summary>Every differentiable op against central finite differences (see <see cref="GradCheck"/>).</summary>
public class FiniteDifferenceTests
{
    private static Tensor R(params int[] shape) => new Generator((ulong)shape.Sum() * 7 + (ulong)shape.Length).Normal(shape);
    private static Tensor Pos(params int[] shape) => new Generator((ulong)shape.Sum() + 3).Uniform(shape, 0.5f, 2f);
    private static Tensor AwayFromZero(params int[] shape)
    {
        var t = R(shape);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = s[i] >= 0 ? s[i] + 0.1f : s[i] - 0.1f;
        return t;
    }

    public static IEnumerable<object[]> UnaryOps() => new[]
    {
        "neg", "exp", "tanh", "sigmoid", "gelu", "gelu_tanh", "silu", "square", "softmax", "log_softmax", "softmax0",
        "sum1", "mean_keep", "logsumexp", "var", "sum_all", "transpose", "reshape", "slice", "clone", "expand", "mul_scalar",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void SmoothUnary(string op)
    {
        Func<Tensor, Tensor> f = op switch
        {
            "neg" => x => x.Neg(), "exp" => x => x.Exp(), "tanh" => x => x.Tanh(), "sigmoid" => x => x.Sigmoid(),
            "gelu" => x => x.Gelu(), "gelu_tanh" => x => x.GeluTanh(), "silu" => x => x.Silu(), "square" => x => x.Square(),
            "softmax" => x => x.Softmax(), "log_softmax" => x => x.LogSoftmax(), "softmax0" => x => x.Softmax(0),
            "sum1" => x => x.Sum(1), "mean_keep" => x => x.Mean(-1, true), "logsumexp" => x => x.LogSumExp(-1),
            "var" => x => x.Var(-1), "sum_all" => x => x.Sum(), "transpose" => x => x.Transpose(0, 2).Contiguous(),
            "reshape" => x => x.Reshape(4, -1), "slice" => x => x.Slice(1, 1, 3), "clone" => x => x.Clone(),
            "expand" => x => x.Slice(0, 0, 1).Expand(3, 4, 5), "mul_scalar" => x => x * 3f,
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(xs => f(xs[0]), R(2, 4, 5));
    }

    [Fact] public void Log() => GradCheck.Check(x => x[0].Log(), Pos(3, 4));
    [Fact] public void Sqrt() => GradCheck.Check(x => x[0].Sqrt(), Pos(3, 4));
    [Fact] public void Pow() => GradCheck.Check(x => x[0].Pow(2.5f), Pos(3, 4));
    [Fact] public void Abs() => GradCheck.Check(x => x[0].Abs(), AwayFromZero(3, 4));
    [Fact] public void Relu() => GradCheck.Check(x => x[0].Relu(), AwayFromZero(3, 4));
    [Fact] public void Clamp() => GradCheck.Check(x => x[0].Clamp(-0.05f, 0.05f), AwayFromZero(3, 4));
    [Fact] public void Max() => GradCheck.Check(x => x[0].Max(1), R(3, 6));

    [Fact] public void BroadcastBinary() => GradCheck.Check(x => (x[0] + x[1]) * x[2] - x[0] / x[3], R(2, 3, 4), R(4), R(3, 1), Pos(1, 4));

    [Fact]
    public void Where()
    {
        var cond = new BoolTensor([true, false, true, true, false, false, true, false, true, false, true, true], 3, 4);
        GradCheck.Check(x => Tensor.Where(cond, x[0], x[1]), R(3, 4), R(4));
    }

    [Fact]
    public void MaskedFill()
    {
        var mask = new BoolTensor([true, false, false, true], 4);
        GradCheck.Check(x => x[0].MaskedFill(mask, 2f), R(3, 4));
    }

    [Fact] public void MatMulBatchedBroadcast() => GradCheck.Check(x => x[0].MatMul(x[1]), R(2, 3, 4), R(4, 5));
    [Fact] public void MatMulTransposedWeight() => GradCheck.Check(x => x[0].MatMul(x[1].T()), R(3, 4), R(5, 4));
    [Fact] public void MatMulGradientAtAnOffset() => GradCheck.Check(x => Tensor.Concat([x[2], x[0].MatMul(x[1].T())], 0), R(3, 4), R(5, 4), R(2, 5));
    /// <summary>Concat's backward hands each input a slice of its gradient, so the product's gradient is a view at an
    /// offset (above with a transposed weight, here through the general batched path).</summary>
    [Fact] public void MatMulWhoseGradientIsAnOffsetView() => GradCheck.Check(x => Tensor.Concat([x[2], x[0].MatMul(x[1])], 0), R(2, 3), R(3, 4), R(1, 4));
    [Fact] public void MatMulTransposedViews() => GradCheck.Check(x => x[0].T().MatMul(x[1].T()), R(2, 4, 3), R(2, 5, 4));

    [Fact]
    public void CrossEntropyWithIgnoreAndSmoothing()
    {
        var targets = new IntTensor([1, -100, 4, 0, 2, 3], 6);
        GradCheck.Check(x => F.CrossEntropy(x[0], targets, -100, 0.1f), R(6, 5));
    }

    [Fact] public void Linear() => GradCheck.Check(x => F.Linear(x[0], x[1], x[2]), R(2, 3, 4), R(5, 4), R(5));
    [Fact] public void Conv1DWithoutBias() => GradCheck.Check(x => F.Conv1D(x[0], x[1], null), R(3, 4), R(4, 5));
    [Fact] public void LayerNorm() => GradCheck.Check(x => F.LayerNorm(x[0], x[1], x[2]), R(4, 8), R(8), R(8));
    [Fact] public void RmsNorm() => GradCheck.Check(x => F.RmsNorm(x[0], x[1]), R(4, 8), R(8));

    [Fact]
    public void Embedding() => GradCheck.Check(x => F.Embedding(x[0], new IntTensor([1, 3, 1, 0], 2, 2)), R(5, 3));

    [Fact] public void Concat() => GradCheck.Check(x => Tensor.Concat([x[0], x[1]], 1), R(2, 3, 2), R(2, 1, 2));
    [Fact] public void Stack() => GradCheck.Check(x => Tensor.Stack([x[0], x[1]], 0), R(3, 2), R(3, 2));
    [Fact] public void IndexSelect() => GradCheck.Check(x => x[0].IndexSelect(0, new IntTensor([2, 0, 2], 3)), R(4, 3));
    [Fact] public void Gather() => GradCheck.Check(x => x[0].Gather(1, new IntTensor([0, 2, 2, 1], 2, 2)), R(2, 3));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SoftmaxAttention(bool causal, bool grouped)
    {
        var mask = causal ? null : R(5, 5) * 0.5f;
        GradCheck.Check(x => F.ScaledDotProductAttention(x[0], x[1], x[2], causal, mask), R(1, 4, 5, 3), R(1, grouped ? 2 : 4, 5, 3), R(1, grouped ? 2 : 4, 5, 3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GaussianAttention(bool causal)
        => GradCheck.Check(x => F.GaussianAttention(x[0], x[1], x[2], causal), R(1, 2, 4, 3) * 0.5f, R(1, 2, 4, 3) * 0.5f, R(1, 2, 4, 3));

    [Fact]
    public void AttentionWithKvCacheOffset()
        => GradCheck.Check(x => F.ScaledDotProductAttention(x[0], x[1], x[2], causal: true), R(1, 2, 2, 4), R(1, 2, 5, 4), R(1, 2, 5, 4));

    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void StackedAttentionOnViewsOfAFusedProjection(AttentionKernel kernel)
        => GradCheck.Check(x => F.Attention(x[0].Reshape(1, 4, 3, 2, 3).Permute(2, 0, 3, 1, 4), causal: true, kernel).Transpose(1, 2).Reshape(1, 4, 6), R(1, 4, 18) * 0.5f);

    [Fact]
    public void AttentionOnStridedHeadViews()
        => GradCheck.Check(x =>
        {
            var parts = x[0].Split(-1, 6, 6, 6);
            Tensor Heads(Tensor z) => z.Reshape(1, 4, 2, 3).Transpose(1, 2);
            return F.ScaledDotProductAttention(Heads(parts[0]), Heads(parts[1]), Heads(parts[2]), causal: true);
        }, R(1, 4, 18));

    [Fact] public void Rope() => GradCheck.Check(x => F.Rope(x[0], 100f, startPosition: 3), R(1, 2, 4, 6));
    [Fact] public void RopeWithRowOffsets() => GradCheck.Check(x => F.Rope(x[0], F.RopeFrequencies(6, 100f), 3, [0, 2]), R(2, 2, 4, 6));

    [Fact]
    public void SoftmaxAttentionWithAPerRowMask()
        => GradCheck.Check(x => F.ScaledDotProductAttention(x[0], x[1], x[2], causal: true, R(2, 3, 5) * 0.5f), R(2, 2, 3, 4), R(2, 2, 5, 4), R(2, 2, 5, 4));
}
