using AlignLab.Methods.SafeDiffusion;

namespace AlignLab.Methods.Tests.SafeDiffusion;

public class ImageGridTests
{
    [Fact]
    public void PixelsLandInTheirCellScaledUpWithWhiteGaps()
    {
        // Two 2x2 images: the first all −1 (black), the second red (R = 1, G = B = −1).
        var images = new float[2 * 12];
        Array.Fill(images, -1f);
        for (int i = 0; i < 4; i++) images[12 + i] = 1f;
        var rgb = ImageGrid.Rgb(images, 2, 2, columns: 2, scale: 2, out int w, out int h);
        Assert.Equal((11, 6), (w, h));   // 2 cells of 4 px + 3 gaps wide, 1 cell + 2 gaps high
        byte[] Px(int x, int y) => rgb.AsSpan((y * w + x) * 3, 3).ToArray();
        Assert.Equal(new byte[] { 255, 255, 255 }, Px(0, 0));
        Assert.Equal(new byte[] { 0, 0, 0 }, Px(1, 1));
        Assert.Equal(new byte[] { 255, 0, 0 }, Px(9, 4));
        Assert.Equal(new byte[] { 255, 255, 255 }, Px(5, 3));
    }
}
