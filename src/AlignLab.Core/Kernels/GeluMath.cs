using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AlignLab.Core.Kernels;

/// <summary>The pieces shared by the GELU forms' values and derivatives, at each SIMD width.</summary>
internal static class GeluMath
{
    public const float InvSqrt2Pi = 0.3989422804014327f;   // 1/√(2π)
    private const float P = 0.3275911f * 0.7071067811865476f; // A&S p, folded with 1/√2
    private const float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    private const float K = 0.7978845608028654f;   // √(2/π)
    private const float C = 0.044715f;
    public const float TwoK = 2 * K, TwoKC = 2 * K * C, TwoK3C = 2 * K * 3 * C;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HalfSquareExp(Vector512<float> x) => Vector512.Exp(x * x * Vector512.Create(-0.5f));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HalfSquareExp(Vector256<float> x) => Vector256.Exp(x * x * Vector256.Create(-0.5f));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HalfSquareExp(Vector128<float> x) => Vector128.Exp(x * x * Vector128.Create(-0.5f));

    /// <summary>Φ(x) from e = e^(−x²/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Cdf(Vector512<float> x, Vector512<float> e)
    {
        var t = Vector512<float>.One / Vector512.FusedMultiplyAdd(Vector512.Abs(x), Vector512.Create(P), Vector512<float>.One);
        var poly = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(
            Vector512.Create(A5), t, Vector512.Create(A4)), t, Vector512.Create(A3)), t, Vector512.Create(A2)), t, Vector512.Create(A1));
        var half = poly * t * e * Vector512.Create(0.5f);   // erfc(|x|/√2)/2
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), half, Vector512<float>.One - half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Cdf(Vector256<float> x, Vector256<float> e)
    {
        var t = Vector256<float>.One / Vector256.FusedMultiplyAdd(Vector256.Abs(x), Vector256.Create(P), Vector256<float>.One);
        var poly = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(
            Vector256.Create(A5), t, Vector256.Create(A4)), t, Vector256.Create(A3)), t, Vector256.Create(A2)), t, Vector256.Create(A1));
        var half = poly * t * e * Vector256.Create(0.5f);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), half, Vector256<float>.One - half);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Cdf(Vector128<float> x, Vector128<float> e)
    {
        var t = Vector128<float>.One / Vector128.FusedMultiplyAdd(Vector128.Abs(x), Vector128.Create(P), Vector128<float>.One);
        var poly = Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(Vector128.FusedMultiplyAdd(
            Vector128.Create(A5), t, Vector128.Create(A4)), t, Vector128.Create(A3)), t, Vector128.Create(A2)), t, Vector128.Create(A1));
        var half = poly * t * e * Vector128.Create(0.5f);
        return Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), half, Vector128<float>.One - half);
    }

    public static float Cdf(float x, float e)
    {
        float t = 1f / MathF.FusedMultiplyAdd(MathF.Abs(x), P, 1f);
        float poly = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(A5, t, A4), t, A3), t, A2), t, A1);
        float half = poly * t * e * 0.5f;
        return x < 0 ? half : 1f - half;
    }

    /// <summary>σ(2u) = 1 / (1 + e^(−2u)), 2u = x·(2k + 2kc·x²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid2U(Vector512<float> x)
    {
        var twoU = x * Vector512.FusedMultiplyAdd(x * x, Vector512.Create(TwoKC), Vector512.Create(TwoK));
        return Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-twoU));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid2U(Vector256<float> x)
    {
        var twoU = x * Vector256.FusedMultiplyAdd(x * x, Vector256.Create(TwoKC), Vector256.Create(TwoK));
        return Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-twoU));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid2U(Vector128<float> x)
    {
        var twoU = x * Vector128.FusedMultiplyAdd(x * x, Vector128.Create(TwoKC), Vector128.Create(TwoK));
        return Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-twoU));
    }

    public static float Sigmoid2U(float x)
    {
        float twoU = x * MathF.FusedMultiplyAdd(x * x, TwoKC, TwoK);
        return 1f / (1f + MathF.Exp(-twoU));
    }
}
