using AlignLab.Reports;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>Turns images [n, 3, s, s] with values in [−1, 1] into one RGB grid (rows × columns, 1-pixel gaps, scaled up) and PNG bytes.</summary>
public static class ImageGrid
{
    public static byte[] Rgb(ReadOnlySpan<float> images, int count, int size, int columns, int scale, out int width, out int height)
    {
        if (count < 1 || columns < 1 || scale < 1) throw new ArgumentException($"image grid of {count} images, {columns} columns, scale {scale}: all must be positive");
        int plane = size * size, pixels = 3 * plane;
        if (images.Length != count * pixels) throw new ArgumentException($"image grid: {images.Length} values for {count} images of 3x{size}x{size}");
        int rows = (count + columns - 1) / columns, cell = size * scale + 1;
        width = columns * cell + 1; height = rows * cell + 1;
        var rgb = new byte[width * height * 3];
        rgb.AsSpan().Fill(255);   // white gaps
        for (int n = 0; n < count; n++)
        {
            int ox = (n % columns) * cell + 1, oy = (n / columns) * cell + 1;
            for (int y = 0; y < size * scale; y++)
                for (int x = 0; x < size * scale; x++)
                    for (int c = 0; c < 3; c++)
                    {
                        float v = images[n * pixels + c * plane + (y / scale) * size + x / scale];
                        rgb[((oy + y) * width + ox + x) * 3 + c] = (byte)Math.Clamp(MathF.Round((v + 1) * 127.5f), 0, 255);
                    }
        }
        return rgb;
    }

    public static void WritePng(string path, ReadOnlySpan<float> images, int count, int size = ShapeRenderer.Size, int columns = 8, int scale = 4)
    {
        var rgb = Rgb(images, count, size, Math.Min(columns, count), scale, out int w, out int h);
        Png.Write(path, rgb, w, h);
    }
}
