using AlignLab.Core.Kernels;

namespace AlignLab.Core.Tests.Kernels;

/// <summary>
/// The element-wise kernels on every SIMD path against their formulas in double, on lengths that are and are not
/// multiples of the vector widths (full vectors, a tail, a tail alone) and on inputs far into both saturated ends.
/// </summary>
[Collection("EngineSettings")]
public class ElementwiseKernelTests
{
    private static readonly int[] Lengths = [1, 7, 8, 9, 15, 16, 17, 40, 185];

    public static IEnumerable<object[]> Paths() =>
        new[] { SimdLevel.Scalar, SimdLevel.Vector128, SimdLevel.Vector256, SimdLevel.Vector512 }.Select(s => new object[] { s });

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>erf to ~1e-12 for |z| &lt; 3 (Taylor series), ~1e-9 absolute beyond (asymptotic erfc).</summary>
    private static double Erf(double z)
    {
        double a = Math.Abs(z), r;
        if (a < 3)
        {
            double term = a, sum = a;
            for (int n = 1; n < 80; n++) { term *= -a * a / n; sum += term / (2 * n + 1); }
            r = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            double u = 1 / (2 * a * a);
            r = 1 - Math.Exp(-a * a) / (a * Math.Sqrt(Math.PI)) * (1 - u + 3 * u * u - 15 * u * u * u);
        }
        return z < 0 ? -r : r;
    }

    private static double Phi(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));
    private static double TanhU(double x) => Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x));

    private static readonly (string Name, Action<float[], float[]> Kernel, Func<double, double> Exact)[] Maps =
    [
        ("silu", (x, y) => Elementwise.Map<Activations.Silu>(x, y), x => x * Sigmoid(x)),
        ("gelu", (x, y) => Elementwise.Map<Activations.Gelu>(x, y), x => x * Phi(x)),
        ("gelu_tanh", (x, y) => Elementwise.Map<Activations.GeluTanh>(x, y), x => 0.5 * x * (1 + TanhU(x))),
    ];

    /// <summary>Gradient kernels with the saved value they take (input or output) and the exact derivative in x.</summary>
    private static readonly (string Name, Action<float[], float[], float[]> Kernel, Func<double, double> Saved, Func<double, double> Derivative)[] Gradients =
    [
        ("silu", (v, g, d) => Elementwise.Gradient<Activations.SiluGradient>(v, g, d), x => x, x => Sigmoid(x) * (1 + x * (1 - Sigmoid(x)))),
        ("gelu", (v, g, d) => Elementwise.Gradient<Activations.GeluGradient>(v, g, d), x => x, x => Phi(x) + x * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)),
        ("gelu_tanh", (v, g, d) => Elementwise.Gradient<Activations.GeluTanhGradient>(v, g, d), x => x,
            x => 0.5 * (1 + TanhU(x)) + 0.5 * x * (1 - TanhU(x) * TanhU(x)) * Math.Sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * x * x)),
        ("tanh", (v, g, d) => Elementwise.Gradient<Activations.TanhGradient>(v, g, d), Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x)),
        ("sigmoid", (v, g, d) => Elementwise.Gradient<Activations.SigmoidGradient>(v, g, d), Sigmoid, x => Sigmoid(x) * (1 - Sigmoid(x))),
        ("square", (v, g, d) => Elementwise.Gradient<Activations.SquareGradient>(v, g, d), x => x, x => 2 * x),
        ("relu", (v, g, d) => Elementwise.Gradient<Activations.ReluGradient>(v, g, d), x => x, x => x > 0 ? 1 : 0),
        ("abs", (v, g, d) => Elementwise.Gradient<Activations.AbsGradient>(v, g, d), x => x, x => Math.Sign(x)),
    ];

    private static float[] Inputs(int n)
    {
        var x = new Generator((ulong)n).Normal([n]).ToArray();
        for (int i = 0; i < n; i++) x[i] *= 3f;
        if (n >= 9) { x[0] = -100f; x[1] = 100f; x[2] = -20f; x[3] = 20f; x[4] = 0f; } // saturated ends and the origin
        return x;
    }

    private static void OnPath(SimdLevel simd, Action body)
    {
        var saved = EngineSettings.Simd;
        EngineSettings.Simd = simd;
        try { body(); } finally { EngineSettings.Simd = saved; }
    }

    private static bool Unavailable(SimdLevel simd) => simd == SimdLevel.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    [Theory]
    [MemberData(nameof(Paths))]
    public void ForwardKernelsMatchTheirFormulas(SimdLevel simd)
    {
        if (Unavailable(simd)) return;
        foreach (var (name, kernel, exact) in Maps)
            foreach (int n in Lengths)
            {
                var x = Inputs(n); var y = new float[n];
                OnPath(simd, () => kernel(x, y));
                for (int i = 0; i < n; i++)
                {
                    double e = exact(x[i]);
                    Assert.True(Math.Abs(y[i] - e) <= 2e-6 + 2e-6 * Math.Abs(e), $"{name} on {simd}, length {n}, element {i}: x {x[i]} gives {y[i]}, expected {e}");
                }
            }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void GradientKernelsMatchTheirFormulas(SimdLevel simd)
    {
        if (Unavailable(simd)) return;
        foreach (var (name, kernel, saved, derivative) in Gradients)
            foreach (int n in Lengths)
            {
                var x = Inputs(n);
                var v = x.Select(xi => (float)saved(xi)).ToArray();
                var g = new Generator((ulong)n + 1).Normal([n]).ToArray();
                var d = new float[n];
                OnPath(simd, () => kernel(v, g, d));
                for (int i = 0; i < n; i++)
                {
                    double e = g[i] * derivative(x[i]);
                    Assert.True(Math.Abs(d[i] - e) <= 4e-6 + 4e-6 * Math.Abs(e), $"{name} gradient on {simd}, length {n}, element {i}: x {x[i]} gives {d[i]}, expected {e}");
                }
            }
    }

    [Fact]
    public void RejectsSpansOfDifferentLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Elementwise.Gradient<Activations.SiluGradient>(new float[4], new float[3], new float[4]));
        Assert.Contains("one length", ex.Message);
    }

    /// <summary>Long enough to be split between threads, at a point that is no multiple of any vector width.</summary>
    [Theory]
    [InlineData("silu")]
    [InlineData("gelu")]
    [InlineData("gelu_tanh")]
    public void ActivationAndItsGradientAreBitIdenticalForAnyThreadCount(string name)
    {
        float[] Run(int threads)
        {
            int saved = EngineSettings.Threads;
            EngineSettings.Threads = threads;
            try
            {
                var x = new Generator(3).Normal([Parallelism.MinParallelElements + 37]).RequireGrad();
                var y = name switch { "silu" => x.Silu(), "gelu" => x.Gelu(), _ => x.GeluTanh() };
                y.Backward(new Generator(4).Normal(y.Shape.ToArray()));
                return [.. y.ToArray(), .. x.Grad!.ToArray()];
            }
            finally { EngineSettings.Threads = saved; }
        }
        Assert.Equal(Run(1), Run(2));
    }
}
