using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>Double-precision draws from the engine's seeded <see cref="Generator"/>.</summary>
public static class GeneratorDoubles
{
    /// <summary>
    /// The generator of one trial: it depends only on (seed, grid point), never on which thread runs the trial
    /// or in what order, so results are the same bits on any thread count.
    /// </summary>
    public static Generator ForTrial(long seed, long point) => new Generator((ulong)seed).Fork((ulong)point);

    /// <summary>Fills <paramref name="values"/> with i.i.d. N(0, std²).</summary>
    public static void FillGaussian(this Generator generator, Span<double> values, double std)
    {
        for (int i = 0; i < values.Length; i++) values[i] = std * generator.NextGaussian();
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public static void Shuffle(this Generator generator, Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = generator.NextInt(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
