using System.Numerics.Tensors;
using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Element-wise unary ops and activations: each wires a forward kernel and its derivative kernel to the tape.</summary>
public sealed partial class Tensor
{
    private delegate void SpanMap(ReadOnlySpan<float> x, Span<float> y);
    private delegate void SpanGradient(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> d);

    /// <summary>Runs <paramref name="forward"/> on a contiguous copy of the input and records <paramref name="backward"/>(input, output, grad).</summary>
    private Tensor Unary(Op op, SpanMap forward, Func<Tensor, Tensor, Tensor, Tensor> backward)
    {
        var src = Contiguous();
        var result = Empty(_shape);
        Kernels.Parallelism.ForRange(src.Numel, (start, n) => forward(src.AsSpan().Slice(start, n), result.Storage.AsSpan(start, n)));
        return OpRecorder.Record(result, op, src, g => backward(src, result, g.Contiguous()));
    }

    /// <summary>An op whose derivative is the kernel <paramref name="gradient"/> of the saved input (or, with
    /// <paramref name="fromOutput"/>, of the output, when the formula is cheaper in it).</summary>
    private Tensor Unary(Op op, SpanMap forward, SpanGradient gradient, bool fromOutput = false)
        => Unary(op, forward, (x, y, g) => ElementGradient(fromOutput ? y : x, g, gradient));

    private static Tensor ElementGradient(Tensor v, Tensor g, SpanGradient gradient)
    {
        var d = Empty(v._shape);
        Kernels.Parallelism.ForRange(v.Numel, (start, n) =>
            gradient(v.AsSpan().Slice(start, n), g.AsSpan().Slice(start, n), d.Storage.AsSpan(start, n)));
        return d;
    }

    public Tensor Neg() => Unary(Op.Neg, TensorPrimitives.Negate, (_, _, g) => g.MulScalar(-1f));
    public Tensor Exp() => Unary(Op.Exp, TensorPrimitives.Exp, (_, y, g) => g * y.Detach());
    public Tensor Log() => Unary(Op.Log, TensorPrimitives.Log, (x, _, g) => g / x.Detach());
    public Tensor Sqrt() => Unary(Op.Sqrt, TensorPrimitives.Sqrt, Elementwise.Gradient<Activations.SqrtGradient>, fromOutput: true);
    public Tensor Abs() => Unary(Op.Abs, TensorPrimitives.Abs, Elementwise.Gradient<Activations.AbsGradient>);
    public Tensor Tanh() => Unary(Op.Tanh, TensorPrimitives.Tanh, Elementwise.Gradient<Activations.TanhGradient>, fromOutput: true);
    public Tensor Sigmoid() => Unary(Op.Sigmoid, TensorPrimitives.Sigmoid, Elementwise.Gradient<Activations.SigmoidGradient>, fromOutput: true);
    public Tensor Square() => Unary(Op.Square, (x, y) => TensorPrimitives.Multiply(x, x, y), Elementwise.Gradient<Activations.SquareGradient>);
    public Tensor Relu() => Unary(Op.Relu, (x, y) => TensorPrimitives.Max(x, 0f, y), Elementwise.Gradient<Activations.ReluGradient>);

    public Tensor Pow(float exponent) => Unary(Op.Pow, (x, y) => Activations.Pow(x, y, exponent),
        (x, g, d) => Activations.PowGradient(x, g, d, exponent));

    public Tensor Clamp(float min, float max) => Unary(Op.Clamp, (x, y) => TensorPrimitives.Clamp(x, min, max, y),
        (x, g, d) => Activations.ClampGradient(x, g, d, min, max));

    /// <summary>x·sigmoid(x).</summary>
    public Tensor Silu() => Unary(Op.Silu, Elementwise.Map<Activations.Silu>, Elementwise.Gradient<Activations.SiluGradient>);

    /// <summary>Exact GELU: x·Φ(x).</summary>
    public Tensor Gelu() => Unary(Op.Gelu, Elementwise.Map<Activations.Gelu>, Elementwise.Gradient<Activations.GeluGradient>);

    /// <summary>GELU, tanh approximation (GPT-2's gelu_new): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public Tensor GeluTanh() => Unary(Op.GeluTanh, Elementwise.Map<Activations.GeluTanh>, Elementwise.Gradient<Activations.GeluTanhGradient>);
}
