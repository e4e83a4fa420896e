using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AlignLab.Core.Kernels;

/// <summary>
/// 16 unsigned byte codes to floats at each vector width: one zero-extending convert on x86 (vpmovzxbd/vpmovzxwd),
/// the portable widen chain elsewhere (ARM64 NEON, or x86 without the instruction).
/// </summary>
internal static class CodeWidening
{
    /// <summary>The low and high nibbles of 16 bytes (columns i and i + 16 of a 4-bit block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<byte> Low, Vector128<byte> High) Nibbles(Vector128<byte> packed) =>
        (packed & Vector128.Create((byte)0x0F), Vector128.ShiftRightLogical(packed, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> To512(Vector128<byte> codes)
    {
        if (Avx512F.IsSupported) return Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(codes));
        var (a, b) = Vector128.Widen(codes);
        var (c, d) = Vector256.Widen(Vector256.Create(a, b));
        return Vector512.ConvertToSingle(Vector512.Create(c, d).AsInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Lo, Vector256<float> Hi) To256(Vector128<byte> codes)
    {
        var (a, b) = Vector128.Widen(codes);
        if (Avx2.IsSupported)
            return (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(a)), Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(b)));
        return (Widen8(a), Widen8(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen8(Vector128<ushort> u)
    {
        var (a, b) = Vector128.Widen(u);
        return Vector256.ConvertToSingle(Vector256.Create(a, b).AsInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<float> A, Vector128<float> B, Vector128<float> C, Vector128<float> D) To128(Vector128<byte> codes)
    {
        var (lo, hi) = Vector128.Widen(codes);
        var (a, b) = Vector128.Widen(lo);
        var (c, d) = Vector128.Widen(hi);
        return (Vector128.ConvertToSingle(a.AsInt32()), Vector128.ConvertToSingle(b.AsInt32()), Vector128.ConvertToSingle(c.AsInt32()), Vector128.ConvertToSingle(d.AsInt32()));
    }
}
