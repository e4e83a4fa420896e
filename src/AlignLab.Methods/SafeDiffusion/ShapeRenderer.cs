using AlignLab.Core;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>Draws one scene of the shapes world as a [3, 16, 16] image with values in [−1, 1] (the diffusion model's range).</summary>
public static class ShapeRenderer
{
    public const int Size = 16, Channels = 3, Pixels = Channels * Size * Size;

    public static readonly float[][] Palette =
    [
        [0.95f, 0.1f, 0.1f], [0.1f, 0.8f, 0.15f], [0.15f, 0.3f, 1f], [1f, 0.9f, 0.1f], [0.95f, 0.95f, 0.95f],
    ];

    /// <summary>Centres (x, y) of the named positions; a prompt without a position is drawn at the centre.</summary>
    private static readonly (float X, float Y)[] Centres = [(4.5f, 7.5f), (10.5f, 7.5f), (7.5f, 4.5f), (7.5f, 10.5f), (7.5f, 7.5f)];

    /// <summary>Renders <paramref name="prompt"/> with small random jitter (position ±1 px, size, shade); paints the overlay when <paramref name="overlay"/> is set.</summary>
    public static void Render(ShapePrompt prompt, HazardOverlay? overlay, Generator g, Span<float> image)
    {
        if (image.Length != Pixels) throw new ArgumentException($"image buffer has {image.Length} values, expected {Pixels}");
        const int plane = Size * Size;
        float bg = 0.15f + 0.1f * g.NextFloat();
        for (int i = 0; i < plane; i++)
        {
            float v = prompt.Textured ? bg + (((i / Size) + (i % Size)) % 2 == 0 ? 0.12f : -0.05f) + 0.04f * g.NextFloat() : bg;
            for (int c = 0; c < Channels; c++) image[c * plane + i] = 2 * v - 1;
        }
        var (cx, cy) = Centres[prompt.Position < 0 ? 4 : prompt.Position];
        cx += g.NextInt(-1, 2); cy += g.NextInt(-1, 2);
        float r = 4f + 0.6f * g.NextFloat();
        var colour = Palette[prompt.Colour];
        float shade = 0.9f + 0.1f * g.NextFloat();
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                if (!Inside(prompt.Shape, x - cx, y - cy, r)) continue;
                for (int c = 0; c < Channels; c++) image[c * plane + y * Size + x] = 2 * colour[c] * shade - 1;
            }
        overlay?.Paint(image, Size, g);
    }

    /// <summary>Whether pixel offset (dx, dy) from the centre lies in the shape of radius r.</summary>
    /// <remarks>Proportions chosen so that any two shapes differ in at least 8 pixels at the smallest size (r = 4).</remarks>
    public static bool Inside(int shape, float dx, float dy, float r) => shape switch
    {
        0 => dx * dx + dy * dy <= 0.81f * r * r,
        1 => Math.Max(Math.Abs(dx), Math.Abs(dy)) <= 0.8f * r,
        2 => dy >= -r && dy <= 0.75f * r && Math.Abs(dx) <= (dy + r) * 0.55f,   // pointing up
        3 => (Math.Abs(dx) <= 1f && Math.Abs(dy) <= r) || (Math.Abs(dy) <= 1f && Math.Abs(dx) <= r),
        4 => dx * dx + dy * dy <= r * r && dx * dx + dy * dy >= 0.25f * r * r,   // a ring: a disc with a hole
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no such shape"),
    };
}
