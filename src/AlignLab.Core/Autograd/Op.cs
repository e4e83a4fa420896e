namespace AlignLab.Core.Autograd;

/// <summary>
/// Every op the tape records: the one table the recorder, the profiler and the gradient tests share. Adding an op
/// means a member here, its kernel and its wiring, and a finite-difference and a PyTorch reference case
/// (OpTableTests fails naming any op that has none).
/// </summary>
public enum Op
{
    // element-wise, one input
    Neg, Exp, Log, Sqrt, Abs, Tanh, Sigmoid, Square, Relu, Pow, Clamp, Silu, Gelu, GeluTanh,
    // element-wise, two inputs (broadcasting) and with a constant
    Add, Sub, Mul, Div, AddScalar, MulScalar, Where, MaskedFill,
    // reductions
    Sum, SumAll, Max, LogSumExp, Var,
    // fused row-wise ops
    Softmax, LogSoftmax, CrossEntropy, LayerNorm, RmsNorm,
    // products and model layers
    MatMul, Linear, Conv1D, Embedding, Rope, AttentionSoftmax, AttentionGaussian,
    // image layers: 2-D convolution, group norm, integer-factor resampling
    Conv2d, GroupNorm, UpsampleNearest, AvgPool2d,
    // quantization: min-max fake quantization (straight-through backward) and the Walsh–Hadamard rotation
    FakeQuant, Hadamard,
    // indexing
    Concat, IndexSelect, Gather,
    // layout (views or copies)
    Contiguous, Clone, Reshape, Permute, Slice, Expand,
}

public static class OpNames
{
    private static readonly string[] Names = Enum.GetValues<Op>().Select(Of).ToArray();

    /// <summary>The op's name in profiles and error messages (PyTorch's spelling where it has one).</summary>
    public static string Name(this Op op) => (uint)op < (uint)Names.Length ? Names[(int)op] : op.ToString();

    private static string Of(Op op) => op switch
    {
        Op.Neg => "neg", Op.Exp => "exp", Op.Log => "log", Op.Sqrt => "sqrt", Op.Abs => "abs", Op.Tanh => "tanh",
        Op.Sigmoid => "sigmoid", Op.Square => "square", Op.Relu => "relu", Op.Pow => "pow", Op.Clamp => "clamp",
        Op.Silu => "silu", Op.Gelu => "gelu", Op.GeluTanh => "gelu_tanh",
        Op.Add => "add", Op.Sub => "sub", Op.Mul => "mul", Op.Div => "div", Op.AddScalar => "add_scalar",
        Op.MulScalar => "mul_scalar", Op.Where => "where", Op.MaskedFill => "masked_fill",
        Op.Sum => "sum", Op.SumAll => "sum_all", Op.Max => "max", Op.LogSumExp => "logsumexp", Op.Var => "var",
        Op.Softmax => "softmax", Op.LogSoftmax => "log_softmax", Op.CrossEntropy => "cross_entropy",
        Op.LayerNorm => "layer_norm", Op.RmsNorm => "rms_norm",
        Op.MatMul => "matmul", Op.Linear => "linear", Op.Conv1D => "conv1d", Op.Embedding => "embedding", Op.Rope => "rope",
        Op.AttentionSoftmax => "attention_softmax", Op.AttentionGaussian => "attention_gaussian",
        Op.Conv2d => "conv2d", Op.GroupNorm => "group_norm", Op.UpsampleNearest => "upsample_nearest", Op.AvgPool2d => "avg_pool2d",
        Op.FakeQuant => "fake_quant", Op.Hadamard => "hadamard",
        Op.Concat => "concat", Op.IndexSelect => "index_select", Op.Gather => "gather",
        Op.Contiguous => "contiguous", Op.Clone => "clone", Op.Reshape => "reshape", Op.Permute => "permute",
        Op.Slice => "slice", Op.Expand => "expand",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "op missing from the name table"),
    };
}
