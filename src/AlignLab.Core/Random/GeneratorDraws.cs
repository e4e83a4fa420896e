namespace AlignLab.Core;

/// <summary>Double-precision draws on top of the seeded <see cref="Generator"/>, for methods that compute in float64.</summary>
public static class GeneratorDraws
{
    /// <summary>Fills <paramref name="values"/> with i.i.d. N(0, std²) in order (torch's <c>normal_</c>).</summary>
    public static void FillNormal(this Generator generator, Span<double> values, double std)
    {
        for (int i = 0; i < values.Length; i++) values[i] = std * generator.NextGaussian();
    }

    /// <summary>Fisher–Yates shuffle in place: every order equally likely.</summary>
    public static void Shuffle(this Generator generator, Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = generator.NextInt(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// The generator of one trial of an experiment: it depends only on (seed, point), never on which thread runs the
    /// trial or in what order, so results are the same bits on any thread count.
    /// </summary>
    public static Generator ForTrial(long seed, long point) => new Generator((ulong)seed).Fork((ulong)point);
}
