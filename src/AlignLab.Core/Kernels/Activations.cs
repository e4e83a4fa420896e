using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>
/// Activations and their derivatives as one-pass element-wise functions (see <see cref="Elementwise"/>), each written
/// for Vector512, Vector256 and scalar floats with the same formula. Exponentials that overflow to +∞ give σ = 0, so
/// every function stays finite for any finite x.
/// </summary>
public static class Activations
{
    /// <summary>x·σ(x) = x / (1 + e^(−x)).</summary>
    public struct Silu : IElementwise
    {
        public static Vector512<float> Apply(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(-x));
        public static Vector256<float> Apply(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Exp(-x));
        public static Vector128<float> Apply(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Exp(-x));
        public static float Apply(float x) => x / (1f + MathF.Exp(-x));
    }

    /// <summary>d = g·s·(1 + x(1 − s)), s = σ(x); saved value: the input x.</summary>
    public struct SiluGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> g)
        {
            var one = Vector512<float>.One;
            var s = one / (one + Vector512.Exp(-x));
            return g * s * Vector512.FusedMultiplyAdd(x, one - s, one);
        }

        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> g)
        {
            var one = Vector256<float>.One;
            var s = one / (one + Vector256.Exp(-x));
            return g * s * Vector256.FusedMultiplyAdd(x, one - s, one);
        }

        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> g)
        {
            var one = Vector128<float>.One;
            var s = one / (one + Vector128.Exp(-x));
            return g * s * Vector128.FusedMultiplyAdd(x, one - s, one);
        }

        public static float Apply(float x, float g)
        {
            float s = 1f / (1f + MathF.Exp(-x));
            return g * s * MathF.FusedMultiplyAdd(x, 1f - s, 1f);
        }
    }

    /// <summary>
    /// Exact GELU x·Φ(x). Φ comes from Abramowitz &amp; Stegun 7.1.26 for erfc (absolute error below 1.5e-7):
    /// erfc(|x|/√2) ≈ t·P(t)·e^(−x²/2), t = 1/(1 + p|x|/√2); Φ = erfc/2 for x &lt; 0 and 1 − erfc/2 otherwise, which avoids
    /// the cancellation of 1 + erf(x/√2) for negative x. The derivative Φ + x·φ reuses the same e^(−x²/2).
    /// </summary>
    public struct Gelu : IElementwise
    {
        public static Vector512<float> Apply(Vector512<float> x) => x * GeluMath.Cdf(x, GeluMath.HalfSquareExp(x));
        public static Vector256<float> Apply(Vector256<float> x) => x * GeluMath.Cdf(x, GeluMath.HalfSquareExp(x));
        public static Vector128<float> Apply(Vector128<float> x) => x * GeluMath.Cdf(x, GeluMath.HalfSquareExp(x));
        public static float Apply(float x) => x * GeluMath.Cdf(x, MathF.Exp(-0.5f * x * x));
    }

    /// <summary>d = g·(Φ(x) + x·φ(x)); saved value: the input x.</summary>
    public struct GeluGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> g)
        {
            var e = GeluMath.HalfSquareExp(x);
            return g * Vector512.FusedMultiplyAdd(x * e, Vector512.Create(GeluMath.InvSqrt2Pi), GeluMath.Cdf(x, e));
        }

        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> g)
        {
            var e = GeluMath.HalfSquareExp(x);
            return g * Vector256.FusedMultiplyAdd(x * e, Vector256.Create(GeluMath.InvSqrt2Pi), GeluMath.Cdf(x, e));
        }

        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> g)
        {
            var e = GeluMath.HalfSquareExp(x);
            return g * Vector128.FusedMultiplyAdd(x * e, Vector128.Create(GeluMath.InvSqrt2Pi), GeluMath.Cdf(x, e));
        }

        public static float Apply(float x, float g)
        {
            float e = MathF.Exp(-0.5f * x * x);
            return g * MathF.FusedMultiplyAdd(x * e, GeluMath.InvSqrt2Pi, GeluMath.Cdf(x, e));
        }
    }

    /// <summary>
    /// GELU's tanh form (GPT-2's gelu_new) 0.5x(1 + tanh u), u = k·x·(1 + c·x²), computed as x·σ(2u) since
    /// 0.5(1 + tanh u) = 1 / (1 + e^(−2u)): one exponential per element.
    /// </summary>
    public struct GeluTanh : IElementwise
    {
        public static Vector512<float> Apply(Vector512<float> x) => x * GeluMath.Sigmoid2U(x);
        public static Vector256<float> Apply(Vector256<float> x) => x * GeluMath.Sigmoid2U(x);
        public static Vector128<float> Apply(Vector128<float> x) => x * GeluMath.Sigmoid2U(x);
        public static float Apply(float x) => x * GeluMath.Sigmoid2U(x);
    }

    /// <summary>d = g·(s + 2x·s(1 − s)·k(1 + 3c·x²)), s = σ(2u), equal to the tanh form's 0.5(1 + t) + 0.5x(1 − t²)u′;
    /// saved value: the input x.</summary>
    public struct GeluTanhGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> g)
        {
            var s = GeluMath.Sigmoid2U(x);
            var du = Vector512.FusedMultiplyAdd(x * x, Vector512.Create(GeluMath.TwoK3C), Vector512.Create(GeluMath.TwoK)); // 2u′
            return g * Vector512.FusedMultiplyAdd(x * s * (Vector512<float>.One - s), du, s);
        }

        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> g)
        {
            var s = GeluMath.Sigmoid2U(x);
            var du = Vector256.FusedMultiplyAdd(x * x, Vector256.Create(GeluMath.TwoK3C), Vector256.Create(GeluMath.TwoK));
            return g * Vector256.FusedMultiplyAdd(x * s * (Vector256<float>.One - s), du, s);
        }

        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> g)
        {
            var s = GeluMath.Sigmoid2U(x);
            var du = Vector128.FusedMultiplyAdd(x * x, Vector128.Create(GeluMath.TwoK3C), Vector128.Create(GeluMath.TwoK));
            return g * Vector128.FusedMultiplyAdd(x * s * (Vector128<float>.One - s), du, s);
        }

        public static float Apply(float x, float g)
        {
            float s = GeluMath.Sigmoid2U(x);
            float du = MathF.FusedMultiplyAdd(x * x, GeluMath.TwoK3C, GeluMath.TwoK);
            return g * MathF.FusedMultiplyAdd(x * s * (1f - s), du, s);
        }
    }

    /// <summary>d = g·(1 − y²) from the output y = tanh x.</summary>
    public struct TanhGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> y, Vector512<float> g) => g * (Vector512<float>.One - y * y);
        public static Vector256<float> Apply(Vector256<float> y, Vector256<float> g) => g * (Vector256<float>.One - y * y);
        public static Vector128<float> Apply(Vector128<float> y, Vector128<float> g) => g * (Vector128<float>.One - y * y);
        public static float Apply(float y, float g) => g * (1f - y * y);
    }

    /// <summary>d = g·y(1 − y) from the output y = σ(x).</summary>
    public struct SigmoidGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> y, Vector512<float> g) => g * y * (Vector512<float>.One - y);
        public static Vector256<float> Apply(Vector256<float> y, Vector256<float> g) => g * y * (Vector256<float>.One - y);
        public static Vector128<float> Apply(Vector128<float> y, Vector128<float> g) => g * y * (Vector128<float>.One - y);
        public static float Apply(float y, float g) => g * y * (1f - y);
    }

    /// <summary>d = g·0.5/y from the output y = √x.</summary>
    public struct SqrtGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> y, Vector512<float> g) => g * Vector512.Create(0.5f) / y;
        public static Vector256<float> Apply(Vector256<float> y, Vector256<float> g) => g * Vector256.Create(0.5f) / y;
        public static Vector128<float> Apply(Vector128<float> y, Vector128<float> g) => g * Vector128.Create(0.5f) / y;
        public static float Apply(float y, float g) => g * 0.5f / y;
    }

    /// <summary>d = 2x·g.</summary>
    public struct SquareGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> g) => (x + x) * g;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> g) => (x + x) * g;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> g) => (x + x) * g;
        public static float Apply(float x, float g) => (x + x) * g;
    }

    /// <summary>d = g where x &gt; 0, else 0 (the subgradient 0 at the kink, as PyTorch).</summary>
    public struct ReluGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> g) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), g, Vector512<float>.Zero);
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> g) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), g, Vector256<float>.Zero);
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> g) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), g, Vector128<float>.Zero);
        public static float Apply(float x, float g) => x > 0 ? g : 0f;
    }

    /// <summary>d = g·sign(x), 0 at x = 0.</summary>
    public struct AbsGradient : IElementwiseGradient
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> g) =>
            Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), g,
                Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -g, Vector512<float>.Zero));
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> g) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), g,
                Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -g, Vector256<float>.Zero));
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> g) =>
            Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), g,
                Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), -g, Vector128<float>.Zero));
        public static float Apply(float x, float g) => x > 0 ? g : x < 0 ? -g : 0f;
    }

    /// <summary>d = g where min ≤ x ≤ max, else 0.</summary>
    public static void ClampGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, float min, float max)
    {
        for (int i = 0; i < x.Length; i++) d[i] = x[i] >= min && x[i] <= max ? g[i] : 0f;
    }

    /// <summary>y = x^p (no vector power exists; this op is off every model's hot path).</summary>
    public static void Pow(ReadOnlySpan<float> x, Span<float> y, float p)
    {
        for (int i = 0; i < x.Length; i++) y[i] = MathF.Pow(x[i], p);
    }

    /// <summary>d = g·p·x^(p−1).</summary>
    public static void PowGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, float p)
    {
        for (int i = 0; i < x.Length; i++) d[i] = g[i] * p * MathF.Pow(x[i], p - 1);
    }
}
