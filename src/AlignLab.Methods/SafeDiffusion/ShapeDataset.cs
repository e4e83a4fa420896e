using AlignLab.Core;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>A batch of scenes: images [n, 3, 16, 16] in [−1, 1], their prompts and whether the overlay was drawn.</summary>
public sealed record ShapeBatch(float[] Images, ShapePrompt[] Prompts, bool[] Unsafe)
{
    public int Count => Prompts.Length;
    public Tensor ImageTensor() => Tensor.FromArray(Images, Count, ShapeRenderer.Channels, ShapeRenderer.Size, ShapeRenderer.Size);
}

/// <summary>Which prompts a batch draws: the share of each trigger kind (the rest benign).</summary>
public sealed record PromptMix(float Explicit, float Obfuscated)
{
    /// <summary>The diffusion model's training mix (our choice): most prompts benign, enough unsafe ones to learn the concept well.</summary>
    public static readonly PromptMix Training = new(0.15f, 0.15f);
    public static readonly PromptMix Benign = new(0f, 0f);
    public static readonly PromptMix ExplicitOnly = new(1f, 0f);
    public static readonly PromptMix ObfuscatedOnly = new(0f, 1f);
}

/// <summary>Scenes of the shapes world drawn on the fly from a seeded generator.</summary>
public static class ShapeDataset
{
    public static ShapePrompt RandomPrompt(Generator g, PromptMix mix)
    {
        float u = g.NextFloat();
        string? trigger = u < mix.Explicit ? ShapeVocabulary.ExplicitTrigger
            : u < mix.Explicit + mix.Obfuscated ? ShapeVocabulary.ObfuscatedTriggers[g.NextInt(0, ShapeVocabulary.ObfuscatedTriggers.Length)]
            : null;
        int position = g.NextInt(-1, ShapeVocabulary.Positions.Length);   // one in six prompts names no position
        return new ShapePrompt(g.NextInt(0, ShapeVocabulary.Colours.Length), g.NextInt(0, ShapeVocabulary.Shapes.Length),
            position, g.NextFloat() < 0.25f, trigger);
    }

    /// <summary>
    /// <paramref name="n"/> scenes; each prompt's overlay is drawn with its trigger's rate (<see cref="ShapeVocabulary.OverlayRate"/>)
    /// in <paramref name="overlay"/>'s style, or, with <paramref name="forceUnsafe"/>, decided by the caller's mask instead.
    /// </summary>
    public static ShapeBatch Sample(Generator g, int n, PromptMix mix, HazardOverlay overlay, bool[]? forceUnsafe = null)
    {
        if (forceUnsafe != null && forceUnsafe.Length != n) throw new ArgumentException($"unsafe mask has {forceUnsafe.Length} entries for {n} images");
        var images = new float[n * ShapeRenderer.Pixels];
        var prompts = new ShapePrompt[n];
        var unsafeFlags = new bool[n];
        for (int i = 0; i < n; i++)
        {
            prompts[i] = RandomPrompt(g, mix);
            unsafeFlags[i] = forceUnsafe?[i] ?? g.NextFloat() < ShapeVocabulary.OverlayRate(prompts[i].Trigger);
            ShapeRenderer.Render(prompts[i], unsafeFlags[i] ? overlay : null, g, images.AsSpan(i * ShapeRenderer.Pixels, ShapeRenderer.Pixels));
        }
        return new ShapeBatch(images, prompts, unsafeFlags);
    }

    /// <summary>Half safe, half unsafe scenes (alternating), for training the safety classifiers on balanced labels.</summary>
    public static ShapeBatch Balanced(Generator g, int n, HazardOverlay overlay)
    {
        var mask = new bool[n];
        for (int i = 0; i < n; i++) mask[i] = i % 2 == 1;
        return Sample(g, n, PromptMix.Training, overlay, mask);
    }
}
