namespace AlignLab.Core.Tests.Gradients;

/// <summary>One finite-difference case: a function of the inputs and a maker for fresh inputs.</summary>
internal sealed record GradientCase(string Name, Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs);

/// <summary>
/// The finite-difference cases, as data so that <see cref="OpTableTests"/> can check that together they record every op
/// in the table. Inputs keep away from kinks (abs, relu, clamp) and from the domain edges of log, sqrt and pow.
/// </summary>
internal static class GradientCases
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

    private static GradientCase Unary(string name, Func<Tensor, Tensor> f) => new(name, x => f(x[0]), () => [R(2, 4, 5)]);
    private static GradientCase Case(string name, Func<Tensor[], Tensor> f, Func<Tensor[]> inputs) => new(name, f, inputs);

    /// <summary>Additive attention masks (constants, not differentiated): one shared by every row, one per batch row.</summary>
    private static readonly Tensor SharedMask = R(5, 5) * 0.5f, PerRowMask = R(2, 3, 5) * 0.5f;

    public static readonly IReadOnlyList<GradientCase> All =
    [
        Unary("neg", x => x.Neg()), Unary("exp", x => x.Exp()), Unary("tanh", x => x.Tanh()), Unary("sigmoid", x => x.Sigmoid()),
        Unary("gelu", x => x.Gelu()), Unary("gelu_tanh", x => x.GeluTanh()), Unary("silu", x => x.Silu()), Unary("square", x => x.Square()),
        Unary("softmax", x => x.Softmax()), Unary("log_softmax", x => x.LogSoftmax()), Unary("softmax0", x => x.Softmax(0)),
        Unary("sum1", x => x.Sum(1)), Unary("mean_keep", x => x.Mean(-1, true)), Unary("logsumexp", x => x.LogSumExp(-1)),
        Unary("var", x => x.Var(-1)), Unary("sum_all", x => x.Sum()), Unary("transpose", x => x.Transpose(0, 2).Contiguous()),
        Unary("reshape", x => x.Reshape(4, -1)), Unary("slice", x => x.Slice(1, 1, 3)), Unary("clone", x => x.Clone()),
        Unary("expand", x => x.Slice(0, 0, 1).Expand(3, 4, 5)), Unary("mul_scalar", x => x * 3f), Unary("add_scalar", x => x + 0.5f),
        // Long enough for full vectors and a tail on every SIMD width (185 = 11·16 + 9 = 23·8 + 1).
        Case("silu_vector_and_tail", x => x[0].Silu(), () => [R(5, 37) * 3f]),
        Case("gelu_vector_and_tail", x => x[0].Gelu(), () => [R(5, 37) * 3f]),
        Case("gelu_tanh_vector_and_tail", x => x[0].GeluTanh(), () => [R(5, 37) * 3f]),

        Case("log", x => x[0].Log(), () => [Pos(3, 4)]),
        Case("sqrt", x => x[0].Sqrt(), () => [Pos(3, 4)]),
        Case("pow", x => x[0].Pow(2.5f), () => [Pos(3, 4)]),
        Case("abs", x => x[0].Abs(), () => [AwayFromZero(3, 4)]),
        Case("relu", x => x[0].Relu(), () => [AwayFromZero(3, 4)]),
        Case("abs_relu_vector_and_tail", x => x[0].Abs() + x[0].Relu(), () => [AwayFromZero(5, 37)]),
        Case("clamp", x => x[0].Clamp(-0.05f, 0.05f), () => [AwayFromZero(3, 4)]),
        Case("max", x => x[0].Max(1), () => [R(3, 6)]),

        Case("broadcast_binary", x => (x[0] + x[1]) * x[2] - x[0] / x[3], () => [R(2, 3, 4), R(4), R(3, 1), Pos(1, 4)]),
        Case("where", x => Tensor.Where(new BoolTensor([true, false, true, true, false, false, true, false, true, false, true, true], 3, 4), x[0], x[1]),
            () => [R(3, 4), R(4)]),
        Case("masked_fill", x => x[0].MaskedFill(new BoolTensor([true, false, false, true], 4), 2f), () => [R(3, 4)]),

        Case("matmul_batched_broadcast", x => x[0].MatMul(x[1]), () => [R(2, 3, 4), R(4, 5)]),
        Case("matmul_transposed_weight", x => x[0].MatMul(x[1].T()), () => [R(3, 4), R(5, 4)]),
        Case("matmul_gradient_at_an_offset", x => Tensor.Concat([x[2], x[0].MatMul(x[1].T())], 0), () => [R(3, 4), R(5, 4), R(2, 5)]),
        // Concat's backward hands each input a slice of its gradient, so the product's gradient is a view at an offset
        // (above with a transposed weight, here through the general batched path).
        Case("matmul_whose_gradient_is_an_offset_view", x => Tensor.Concat([x[2], x[0].MatMul(x[1])], 0), () => [R(2, 3), R(3, 4), R(1, 4)]),
        Case("matmul_transposed_views", x => x[0].T().MatMul(x[1].T()), () => [R(2, 4, 3), R(2, 5, 4)]),

        Case("cross_entropy_with_ignore_and_smoothing", x => F.CrossEntropy(x[0], new IntTensor([1, -100, 4, 0, 2, 3], 6), -100, 0.1f), () => [R(6, 5)]),
        Case("linear", x => F.Linear(x[0], x[1], x[2]), () => [R(2, 3, 4), R(5, 4), R(5)]),
        Case("conv1d_without_bias", x => F.Conv1D(x[0], x[1], null), () => [R(3, 4), R(4, 5)]),
        Case("layer_norm", x => F.LayerNorm(x[0], x[1], x[2]), () => [R(4, 8), R(8), R(8)]),
        Case("layer_norm_vector_and_tail", x => F.LayerNorm(x[0], x[1], x[2]), () => [R(3, 21), R(21), R(21)]),
        Case("rms_norm", x => F.RmsNorm(x[0], x[1]), () => [R(4, 8), R(8)]),
        Case("rms_norm_vector_and_tail", x => F.RmsNorm(x[0], x[1]), () => [R(3, 21), R(21)]),
        Case("embedding", x => F.Embedding(x[0], new IntTensor([1, 3, 1, 0], 2, 2)), () => [R(5, 3)]),

        Case("concat", x => Tensor.Concat([x[0], x[1]], 1), () => [R(2, 3, 2), R(2, 1, 2)]),
        Case("stack", x => Tensor.Stack([x[0], x[1]], 0), () => [R(3, 2), R(3, 2)]),
        Case("index_select", x => x[0].IndexSelect(0, new IntTensor([2, 0, 2], 3)), () => [R(4, 3)]),
        Case("gather", x => x[0].Gather(1, new IntTensor([0, 2, 2, 1], 2, 2)), () => [R(2, 3)]),

        // Groups of one value with a symmetric grid are quantized losslessly (x/s = ±(2^(b−1) − 1) exactly), so the
        // quantizer is the identity there and its straight-through gradient must equal the finite difference.
        Case("fake_quant_lossless_groups", x => x[0].FakeQuantize(4, symmetric: true, groupSize: 1) * x[0], () => [R(3, 4)]),
        Case("hadamard", x => x[0].Hadamard() * x[0], () => [R(3, 8)]),

        Case("softmax_attention", x => F.ScaledDotProductAttention(x[0], x[1], x[2], false, SharedMask),
            () => [R(1, 4, 5, 3), R(1, 4, 5, 3), R(1, 4, 5, 3)]),
        Case("softmax_attention_causal", x => F.ScaledDotProductAttention(x[0], x[1], x[2], true), () => [R(1, 4, 5, 3), R(1, 4, 5, 3), R(1, 4, 5, 3)]),
        Case("softmax_attention_causal_grouped", x => F.ScaledDotProductAttention(x[0], x[1], x[2], true), () => [R(1, 4, 5, 3), R(1, 2, 5, 3), R(1, 2, 5, 3)]),
        Case("gaussian_attention", x => F.GaussianAttention(x[0], x[1], x[2], false), () => [R(1, 2, 4, 3) * 0.5f, R(1, 2, 4, 3) * 0.5f, R(1, 2, 4, 3)]),
        Case("gaussian_attention_causal", x => F.GaussianAttention(x[0], x[1], x[2], true), () => [R(1, 2, 4, 3) * 0.5f, R(1, 2, 4, 3) * 0.5f, R(1, 2, 4, 3)]),
        Case("attention_with_kv_cache_offset", x => F.ScaledDotProductAttention(x[0], x[1], x[2], causal: true), () => [R(1, 2, 2, 4), R(1, 2, 5, 4), R(1, 2, 5, 4)]),
        Case("stacked_softmax_attention_on_views_of_a_fused_projection",
            x => F.Attention(x[0].Reshape(1, 4, 3, 2, 3).Permute(2, 0, 3, 1, 4), causal: true, AttentionKernel.Softmax).Transpose(1, 2).Reshape(1, 4, 6),
            () => [R(1, 4, 18) * 0.5f]),
        Case("stacked_gaussian_attention_on_views_of_a_fused_projection",
            x => F.Attention(x[0].Reshape(1, 4, 3, 2, 3).Permute(2, 0, 3, 1, 4), causal: true, AttentionKernel.Gaussian).Transpose(1, 2).Reshape(1, 4, 6),
            () => [R(1, 4, 18) * 0.5f]),
        Case("attention_on_strided_head_views", x =>
        {
            var parts = x[0].Split(-1, 6, 6, 6);
            Tensor Heads(Tensor z) => z.Reshape(1, 4, 2, 3).Transpose(1, 2);
            return F.ScaledDotProductAttention(Heads(parts[0]), Heads(parts[1]), Heads(parts[2]), causal: true);
        }, () => [R(1, 4, 18)]),
        Case("softmax_attention_with_a_per_row_mask", x => F.ScaledDotProductAttention(x[0], x[1], x[2], causal: true, PerRowMask),
            () => [R(2, 2, 3, 4), R(2, 2, 5, 4), R(2, 2, 5, 4)]),

        // A batch of 5 spans two work chunks (the weight gradient is summed across them); odd sizes leave partial windows.
        Case("conv2d_padded", x => F.Conv2d(x[0], x[1], x[2], stride: 1, padding: 1), () => [R(5, 2, 4, 3), R(3, 2, 3, 3), R(3)]),
        Case("conv2d_strided_without_bias", x => F.Conv2d(x[0], x[1], null, stride: 2, padding: 1), () => [R(2, 2, 5, 6), R(3, 2, 3, 3)]),
        Case("conv2d_pointwise", x => F.Conv2d(x[0], x[1], x[2]), () => [R(2, 3, 3, 2), R(4, 3, 1, 1), R(4)]),
        // The kernel overhangs a one-pixel-wide input on both sides: some kernel columns never see a pixel.
        Case("conv2d_kernel_wider_than_input", x => F.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1), () => [R(1, 2, 3, 1), R(2, 2, 3, 3), R(2)]),
        Case("conv2d_on_a_transposed_view", x => F.Conv2d(x[0].Transpose(2, 3), x[1], x[2], padding: 1), () => [R(2, 2, 3, 4), R(2, 2, 3, 3), R(2)]),
        Case("group_norm", x => F.GroupNorm(x[0], 2, x[1], x[2]), () => [R(3, 4, 3, 2), R(4), R(4)]),
        Case("group_norm_one_group_rank3_without_bias", x => F.GroupNorm(x[0], 1, x[1], null), () => [R(2, 3, 5), R(3)]),
        Case("upsample_nearest", x => F.UpsampleNearest(x[0]) * x[1], () => [R(2, 3, 2, 3), R(2, 3, 4, 6)]),
        Case("upsample_nearest_x3", x => F.UpsampleNearest(x[0], 3), () => [R(1, 2, 2, 2)]),
        Case("avg_pool2d", x => F.AvgPool2d(x[0]) * x[1], () => [R(2, 3, 4, 6), R(2, 3, 2, 3)]),

        Case("rope", x => F.Rope(x[0], 100f, startPosition: 3), () => [R(1, 2, 4, 6)]),
        Case("rope_with_row_offsets", x => F.Rope(x[0], F.RopeFrequencies(6, 100f), 3, [0, 2]), () => [R(2, 2, 4, 6)]),
    ];
}
