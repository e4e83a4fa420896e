namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Seeded xoshiro256** generator with Gaussian draws. Every run owns one, derived from (experiment seed, grid
/// point, trial), so results are the same bits whatever the thread count or scheduling.
/// </summary>
public sealed class DynamicsRandom
{
    private ulong s0, s1, s2, s3;
    private double spareGaussian;
    private bool hasSpare;

    public DynamicsRandom(ulong seed)
    {
        // SplitMix64 expands the seed: xoshiro must not start from an all-zero or low-entropy state.
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>A generator whose seed mixes several integers (e.g. trial seed and grid point) into one.</summary>
    public static DynamicsRandom Derive(params long[] keys)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (long key in keys)
        {
            ulong x = h ^ (ulong)key;
            h = SplitMix(ref x);
        }
        return new DynamicsRandom(h);
    }

    public ulong NextUInt64()
    {
        ulong result = BitRotate(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitRotate(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        // Lemire's multiply-shift; the bias (< bound/2^64) is far below anything these experiments resolve.
        return (int)(((UInt128)NextUInt64() * (ulong)bound) >> 64);
    }

    /// <summary>Standard normal draw (Box–Muller, the second value is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareGaussian;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        spareGaussian = radius * Math.Sin(angle);
        hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="values"/> with i.i.d. N(0, std²).</summary>
    public void FillGaussian(Span<double> values, double std)
    {
        for (int i = 0; i < values.Length; i++) values[i] = std * NextGaussian();
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));
}
