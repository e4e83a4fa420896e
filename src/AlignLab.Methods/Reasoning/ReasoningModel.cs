using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Reasoning;

/// <summary>Sizes of the tiny Llama-style model every method starts from.</summary>
public sealed record ReasoningModelSettings
{
    public int Hidden { get; init; } = 64;
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 4;
    public int FeedForward { get; init; } = 128;

    public LlamaConfig Config() => new()
    {
        VocabSize = ReasoningVocabulary.Size, HiddenSize = Hidden, IntermediateSize = FeedForward, NumHiddenLayers = Layers,
        NumAttentionHeads = Heads, NumKeyValueHeads = Heads, HeadDim = Hidden / Heads, MaxPositionEmbeddings = ReasoningModel.Positions,
        TieWordEmbeddings = true, RmsNormEps = 1e-5f,
    };
}

public static class ReasoningModel
{
    /// <summary>Prompt plus completion of the longest (five-step) problem, with room for a rambling sample.</summary>
    public const int Positions = 96;

    public static LlamaModel Create(ReasoningModelSettings settings, Generator generator) => new(settings.Config(), generator);

    /// <summary>An independent copy with the same weights (the rationale sampler starts as a copy of the model).</summary>
    public static LlamaModel Clone(LlamaModel model)
    {
        var copy = new LlamaModel(model.Config, new Generator(0));
        copy.LoadStateDict(model.StateDict());
        return copy;
    }
}
