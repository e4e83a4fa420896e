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

    /// <summary>Which SIMD width the kernels use; tests force the narrower paths to check them against the reference.</summary>
    public static SimdLevel Simd { get; set; } = DetectSimd();

    public static SimdLevel DetectSimd() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? SimdLevel.Vector512
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? SimdLevel.Vector256
        : SimdLevel.Scalar;
}

public enum SimdLevel { Scalar, Vector256, Vector512 }
