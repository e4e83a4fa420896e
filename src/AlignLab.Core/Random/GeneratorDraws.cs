namespace AlignLab.Core;

/// <summary>Double-precision draws on top of the seeded <see cref="Generator"/>, for methods that compute in float64.</summary>
public static class GeneratorDraws
{
    /// <summary>Fills <paramref name="values"/> with i.i.d. N(0, std²) in order (torch's <c>normal_</c>).</summary>
    public static void FillNormal(this Generator generator, Span<double> values, double std)
    {
        for (int i = 0; i < values.Length; i++) values[i] = std * generator.NextGaussian();
    }
}
