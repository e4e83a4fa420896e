using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>The shape of the small Llama the experiments pre-train (power-of-two widths, so every Hadamard is a fast one).</summary>
public sealed record ToyLlama(int Hidden, int Layers, int Heads, int Intermediate, int Context = 192)
{
    public LlamaConfig Config() => new()
    {
        VocabSize = CharVocabulary.Size, HiddenSize = Hidden, IntermediateSize = Intermediate, NumHiddenLayers = Layers,
        NumAttentionHeads = Heads, NumKeyValueHeads = Heads, HeadDim = Hidden / Heads, MaxPositionEmbeddings = Context,
        RmsNormEps = 1e-5f, TieWordEmbeddings = false,
    };
}
