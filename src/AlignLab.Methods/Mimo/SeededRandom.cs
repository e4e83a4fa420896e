namespace AlignLab.Methods.Mimo;

/// <summary>
/// Seeded randomness for the MIMO experiments: a per-trial seed derived from (seed, point, trial, stream) by
/// SplitMix64 mixing, so a trial's draws do not depend on which thread runs it or on the order of trials,
/// and standard normal draws on top of <see cref="Random"/>.
/// </summary>
public static class SeededRandom
{
    /// <summary>A 31-bit seed that depends on every component; distinct tuples give unrelated streams.</summary>
    public static int Derive(int seed, params ReadOnlySpan<int> components)
    {
        ulong state = Mix((ulong)(uint)seed ^ 0x6A09E667F3BCC909UL);
        foreach (int c in components) state = Mix(state ^ ((ulong)(uint)c + 0x9E3779B97F4A7C15UL));
        return (int)(state >> 33);
    }

    public static Random Create(int seed, params ReadOnlySpan<int> components) => new(Derive(seed, components));

    /// <summary>One standard normal draw (Box–Muller; the second value is discarded so draws stay stateless).</summary>
    public static double NextGaussian(this Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(); // (0, 1]: keeps the log finite
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Independent N(0, σ²) values; Box–Muller pairs fill two entries per pair of uniforms.</summary>
    public static void FillGaussian(this Random rng, Span<double> values, double standardDeviation)
    {
        int i = 0;
        for (; i + 1 < values.Length; i += 2)
        {
            double radius = standardDeviation * Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble()));
            var (s, c) = Math.SinCos(2.0 * Math.PI * rng.NextDouble());
            values[i] = radius * c;
            values[i + 1] = radius * s;
        }
        if (i < values.Length) values[i] = standardDeviation * rng.NextGaussian();
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
