namespace AlignLab.Core;

/// <summary>
/// Seeded random numbers (xoshiro256**, seeded through SplitMix64). Sequential by design, so a given seed yields
/// the same bits whatever the thread count; parallel work takes its own stream from <see cref="Fork"/>.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareGaussian;

    public Generator(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream derived from this generator's seed state and <paramref name="stream"/> (does not advance this one).</summary>
    public Generator Fork(ulong stream)
    {
        ulong x = _s0 ^ (_s1 << 1) ^ (_s2 << 2) ^ (_s3 << 3) ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return new Generator(SplitMix(ref x));
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [low, high).</summary>
    public int NextInt(int low, int high)
    {
        if (high <= low) throw new ArgumentException($"empty integer range [{low}, {high})");
        ulong range = (ulong)((long)high - low);
        // Lemire's multiply-shift with rejection: unbiased.
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * range;
            if ((ulong)m >= threshold) return (int)(low + (long)(ulong)(m >> 64));
        }
    }

    /// <summary>Standard normal (Box–Muller in double).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is double spare) { _spareGaussian = null; return spare; }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    public Tensor Normal(int[] shape, float mean = 0f, float std = 1f)
    {
        var t = Tensor.Empty(shape);
        for (int i = 0; i < t.Numel; i++) t.Storage[i] = (float)(mean + std * NextGaussian());
        return t;
    }

    public Tensor Uniform(int[] shape, float low = 0f, float high = 1f)
    {
        var t = Tensor.Empty(shape);
        for (int i = 0; i < t.Numel; i++) t.Storage[i] = (float)(low + (high - low) * NextDouble());
        return t;
    }

    public Tensor Bernoulli(int[] shape, float p)
    {
        var t = Tensor.Empty(shape);
        for (int i = 0; i < t.Numel; i++) t.Storage[i] = NextDouble() < p ? 1f : 0f;
        return t;
    }

    public IntTensor RandInt(int[] shape, int low, int high)
    {
        var data = new int[ShapeUtil.Numel(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = NextInt(low, high);
        return new IntTensor(data, shape);
    }
}
