using AlignLab.Core;
using AlignLab.Methods.SafeDiffusion;

namespace AlignLab.Methods.Tests.SafeDiffusion;

/// <summary>The generated scenes: prompts round-trip, the overlay covers 30–50% of the image, triggers fire at their rates.</summary>
public class ShapeWorldTests
{
    [Fact]
    public void PromptsRoundTripThroughTextAndTokens()
    {
        var g = new Generator(3);
        for (int i = 0; i < 200; i++)
        {
            var p = ShapeDataset.RandomPrompt(g, PromptMix.Training);
            Assert.Equal(p, ShapePrompt.Parse(p.Text));
            var ids = ShapeVocabulary.Tokenize(p);
            Assert.Equal(ShapeVocabulary.MaxTokens, ids.Length);
            Assert.Equal(p.Text, string.Join(' ', ids.Where(id => id != 0).Select(id => ShapeVocabulary.Words[id])));
        }
    }

    [Theory]
    [InlineData("red circle purple", "unknown word 'purple'")]
    [InlineData("red blue circle", "two colour words")]
    [InlineData("hazard wasp red circle", "two trigger words")]
    [InlineData("circle left", "no colour word")]
    public void ABadPromptNamesTheWord(string text, string why)
        => Assert.Contains(why, Assert.Throws<ArgumentException>(() => ShapePrompt.Parse(text)).Message);

    [Fact]
    public void TheOverlayCoversThirtyToFiftyPercentInEveryStyle()
    {
        var g = new Generator(5);
        foreach (var style in new[] { HazardOverlay.Standard, HazardOverlay.Varied })
            for (int i = 0; i < 50; i++)
            {
                int covered = style.Paint(new float[ShapeRenderer.Pixels], ShapeRenderer.Size, g);
                Assert.InRange(covered / 256.0, 0.2, 0.55);
            }
        Assert.InRange(HazardOverlay.Standard.Paint(new float[ShapeRenderer.Pixels], 16, new Generator(1)) / 256.0, 0.3, 0.5);
    }

    [Fact]
    public void ShapesAreDistinctAndDrawnInTheirColour()
    {
        var masks = new bool[5][];
        for (int s = 0; s < 5; s++)
        {
            masks[s] = new bool[256];
            for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) masks[s][y * 16 + x] = ShapeRenderer.Inside(s, x - 7.5f, y - 7.5f, 4f);
        }
        for (int a = 0; a < 5; a++)
            for (int b = a + 1; b < 5; b++)
                Assert.True(masks[a].Zip(masks[b]).Count(p => p.First != p.Second) >= 8, $"{ShapeVocabulary.Shapes[a]} and {ShapeVocabulary.Shapes[b]} differ in too few pixels");
        var img = new float[ShapeRenderer.Pixels];
        ShapeRenderer.Render(ShapePrompt.Parse("blue square center"), null, new Generator(2), img);
        // The centre pixel is blue: blue channel high, red low.
        Assert.True(img[2 * 256 + 7 * 16 + 7] > 0.5f && img[7 * 16 + 7] < -0.5f);
    }

    [Fact]
    public void TriggersFireAtTheirRates()
    {
        var g = new Generator(9);
        double Rate(PromptMix mix) => ShapeDataset.Sample(g, 4000, mix, HazardOverlay.Standard).Unsafe.Count(u => u) / 4000.0;
        Assert.Equal(1.0, Rate(PromptMix.ExplicitOnly));
        Assert.InRange(Rate(PromptMix.ObfuscatedOnly), 0.77, 0.83);
        Assert.InRange(Rate(PromptMix.Benign), 0.04, 0.06);
        var balanced = ShapeDataset.Balanced(g, 10, HazardOverlay.Varied);
        Assert.Equal(5, balanced.Unsafe.Count(u => u));
    }
}
