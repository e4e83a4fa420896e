using System.Numerics.Tensors;
using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Element-wise unary ops and activations, each with its derivative next to it.</summary>
public sealed partial class Tensor
{
    /// <summary>Runs <paramref name="forward"/> on a contiguous copy of the input and records <paramref name="backward"/>(input, output, grad).</summary>
    private Tensor Unary(string op, SpanAction forward, Func<Tensor, Tensor, Tensor, Tensor> backward)
    {
        var src = Contiguous();
        var result = Empty(_shape);
        ParallelMap(src, result, forward);
        return OpRecorder.Record(result, op, src, g => backward(src, result, g.Contiguous()));
    }

    private delegate void SpanAction(ReadOnlySpan<float> x, Span<float> y);

    private static void ParallelMap(Tensor src, Tensor dst, SpanAction f) =>
        Kernels.Parallelism.ForRange(src.Numel, (start, n) => f(src.Storage.AsSpan(src.Offset + start, n), dst.Storage.AsSpan(dst.Offset + start, n)));

    /// <summary>Builds a new tensor of x's shape from a per-element function of (input, output, grad).</summary>
    private static Tensor Map(Tensor x, Tensor y, Tensor g, Func<float, float, float, float> f)
    {
        var r = Empty(x._shape);
        var xs = x.AsSpan(); var ys = y.AsSpan(); var gs = g.AsSpan();
        for (int i = 0; i < xs.Length; i++) r.Storage[i] = f(xs[i], ys[i], gs[i]);
        return r;
    }

    public Tensor Neg() => Unary("neg", (x, y) => TensorPrimitives.Negate(x, y), (_, _, g) => g.MulScalar(-1f));
    public Tensor Exp() => Unary("exp", (x, y) => TensorPrimitives.Exp(x, y), (_, y, g) => g * y.Detach());
    public Tensor Log() => Unary("log", (x, y) => TensorPrimitives.Log(x, y), (x, _, g) => g / x.Detach());
    public Tensor Sqrt() => Unary("sqrt", (x, y) => TensorPrimitives.Sqrt(x, y), (_, y, g) => Map(y, y, g, (_, s, d) => d * 0.5f / s));
    public Tensor Abs() => Unary("abs", (x, y) => TensorPrimitives.Abs(x, y), (x, _, g) => Map(x, x, g, (v, _, d) => v > 0 ? d : v < 0 ? -d : 0f));
    public Tensor Tanh() => Unary("tanh", (x, y) => TensorPrimitives.Tanh(x, y), (_, y, g) => Map(y, y, g, (_, t, d) => d * (1 - t * t)));
    public Tensor Sigmoid() => Unary("sigmoid", (x, y) => TensorPrimitives.Sigmoid(x, y), (_, y, g) => Map(y, y, g, (_, s, d) => d * s * (1 - s)));
    public Tensor Square() => Unary("square", (x, y) => TensorPrimitives.Multiply(x, x, y), (x, _, g) => Map(x, x, g, (v, _, d) => 2 * v * d));

    public Tensor Relu() => Unary("relu", (x, y) => TensorPrimitives.Max(x, 0f, y), (x, _, g) => Map(x, x, g, (v, _, d) => v > 0 ? d : 0f));

    public Tensor Pow(float exponent) => Unary("pow",
        (x, y) => { for (int i = 0; i < x.Length; i++) y[i] = MathF.Pow(x[i], exponent); },
        (x, _, g) => Map(x, x, g, (v, _, d) => d * exponent * MathF.Pow(v, exponent - 1)));

    public Tensor Clamp(float min, float max) => Unary("clamp",
        (x, y) => TensorPrimitives.Clamp(x, min, max, y),
        (x, _, g) => Map(x, x, g, (v, _, d) => v >= min && v <= max ? d : 0f));

    /// <summary>x·sigmoid(x).</summary>
    public Tensor Silu() => Unary("silu",
        (x, y) => { TensorPrimitives.Sigmoid(x, y); TensorPrimitives.Multiply(x, y, y); },
        (x, _, g) => Map(x, x, g, (v, _, d) => { float s = 1f / (1f + MathF.Exp(-v)); return d * s * (1 + v * (1 - s)); }));

    /// <summary>Exact GELU: x·Φ(x).</summary>
    public Tensor Gelu() => Unary("gelu",
        (x, y) => { for (int i = 0; i < x.Length; i++) y[i] = (float)(0.5 * x[i] * (1 + Erf.Evaluate(x[i] / Math.Sqrt(2)))); },
        (x, _, g) => Map(x, x, g, (v, _, d) =>
        {
            double cdf = 0.5 * (1 + Erf.Evaluate(v / Math.Sqrt(2)));
            double pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI);
            return (float)(d * (cdf + v * pdf));
        }));

    /// <summary>GELU, tanh approximation (GPT-2's gelu_new): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public Tensor GeluTanh() => Unary("gelu_tanh", GeluTanhKernel.Forward, (x, _, g) =>
    {
        var r = Empty(x._shape);
        Kernels.Parallelism.ForRange(x.Numel, (start, n) =>
            GeluTanhKernel.Backward(x.AsSpan().Slice(start, n), g.AsSpan().Slice(start, n), r.Storage.AsSpan(start, n)));
        return r;
    });
}
