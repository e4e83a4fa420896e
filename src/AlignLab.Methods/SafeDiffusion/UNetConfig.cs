namespace AlignLab.Methods.SafeDiffusion;

/// <summary>Sizes of <see cref="TinyUNet"/>: channels at 16×16 (twice that at 8×8 and 4×4), token and embedding widths.</summary>
public sealed record UNetConfig(int BaseChannels = 32, int TokenDim = 32, int EmbedDim = 128, int TimeDim = 64, int Groups = 8)
{
    public int TokenCount => ShapeVocabulary.MaxTokens;
    public int VocabSize => ShapeVocabulary.Words.Length;

    public void Validate()
    {
        if (BaseChannels < 1 || BaseChannels % Groups != 0) throw new ArgumentException($"base channels {BaseChannels} must be a positive multiple of the {Groups} norm groups");
        if (TimeDim % 2 != 0) throw new ArgumentException($"time embedding width {TimeDim} must be even");
    }
}
