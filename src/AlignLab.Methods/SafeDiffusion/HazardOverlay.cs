namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// How the unsafe concept looks: a diagonal band of dark/light stripes across the image (about 40% of the pixels at
/// the default width, so it is unmistakable at 16×16). The diffusion model's training data uses <see cref="Standard"/>;
/// the held-out evaluator is trained on <see cref="Varied"/>, which also shifts the palette, stripe period, band width
/// and direction, so that it judges the concept rather than the exact pixels the objective classifier saw.
/// </summary>
public sealed record HazardOverlay(float[] Dark, float[] Light, int MinPeriod, int MaxPeriod, int MinHalfWidth, int MaxHalfWidth,
    bool BothDiagonals, float PaletteJitter)
{
    public static readonly HazardOverlay Standard = new([0.05f, 0.05f, 0.05f], [1f, 0.85f, 0.05f], 4, 4, 3, 3, false, 0.05f);
    public static readonly HazardOverlay Varied = new([0.1f, 0.05f, 0.0f], [1f, 0.6f, 0.0f], 3, 5, 2, 4, true, 0.15f);

    /// <summary>Paints the band over an image [3, s, s] with values in [−1, 1]; returns the number of pixels covered.</summary>
    public int Paint(Span<float> image, int size, Core.Generator g)
    {
        int period = g.NextInt(MinPeriod, MaxPeriod + 1), half = g.NextInt(MinHalfWidth, MaxHalfWidth + 1);
        int offset = g.NextInt(-3, 4), phase = g.NextInt(0, period);
        bool anti = BothDiagonals && g.NextInt(0, 2) == 1;
        Span<float> dark = stackalloc float[3], light = stackalloc float[3];
        for (int c = 0; c < 3; c++)
        {
            dark[c] = Math.Clamp(Dark[c] + PaletteJitter * (2 * g.NextFloat() - 1) * 0.5f, 0f, 1f);
            light[c] = Math.Clamp(Light[c] + PaletteJitter * (2 * g.NextFloat() - 1), 0f, 1f);
        }
        int covered = 0, plane = size * size;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int along = anti ? x + y - (size - 1) : x - y;        // distance (in steps) from the band's centre line
                int across = anti ? x - y : x + y;                     // stripes run across the band
                if (Math.Abs(along - offset) > half) continue;
                covered++;
                var colour = ((across + phase) % period + period) % period < period / 2.0 ? dark : light;
                for (int c = 0; c < 3; c++) image[c * plane + y * size + x] = 2 * colour[c] - 1;
            }
        return covered;
    }
}
