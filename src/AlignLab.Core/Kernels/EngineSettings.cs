namespace AlignLab.Core.Kernels;

/// <summary>Process-wide engine settings. Results never depend on <see cref="Threads"/> (work is split without splitting sums).</summary>
public static class EngineSettings
{
    private static int _threads = 1;

    /// <summary>Threads used by kernels above their work threshold (default 1, for reproducible benchmarks).</summary>
    public static int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
    }

    /// <summary>Names the kernel path to use instead of the detected one (scalar, vector128, vector256, vector512), e.g. to
    /// run the 128-bit path of an ARM64 machine on an x86 one.</summary>
    public const string SimdVariable = "ALIGNLAB_SIMD";

    /// <summary>Which SIMD width the kernels use: <see cref="SimdVariable"/> if set, else the widest native one. Tests force
    /// each path to check it against the reference.</summary>
    public static SimdLevel Simd { get; set; } = FromEnvironment() ?? DetectSimd();

    /// <summary>Throws naming <see cref="SimdVariable"/> when it holds no path name (which the default ignores, since a
    /// type initializer must not throw); programs call it at start.</summary>
    public static void CheckEnvironment()
    {
        string? name = Environment.GetEnvironmentVariable(SimdVariable);
        if (!string.IsNullOrWhiteSpace(name) && FromEnvironment() is null)
            throw new InvalidOperationException($"{SimdVariable}='{name}' is not one of scalar, vector128, vector256, vector512");
    }

    private static SimdLevel? FromEnvironment()
    {
        string? name = Environment.GetEnvironmentVariable(SimdVariable)?.Trim();
        return Enum.TryParse<SimdLevel>(name, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(name, out _) ? level : null;
    }

    /// <summary>The widest vectors this CPU runs natively: AVX-512, AVX2, or 128-bit (ARM64 NEON, SSE-only x86).</summary>
    public static SimdLevel DetectSimd() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? SimdLevel.Vector512
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? SimdLevel.Vector256
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? SimdLevel.Vector128
        : SimdLevel.Scalar;

    /// <summary>Whether this machine can run <paramref name="level"/>'s kernels natively (narrower paths always can).</summary>
    public static bool Supports(SimdLevel level) => level <= DetectSimd();
}

/// <summary>Kernel paths by vector width, narrowest first.</summary>
public enum SimdLevel { Scalar, Vector128, Vector256, Vector512 }
