using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Llama;

namespace AlignLab.Models.Training;

/// <summary>
/// A small architecture for training from scratch, in either family. Llama gets grouped-query attention (half as many
/// key/value heads), a SwiGLU width of about 8/3·dim and tied embeddings, as small Llama-style models do.
/// </summary>
public sealed record ModelSize(string Name, int Layers, int Dim, int Heads, int Context)
{
    public static readonly ModelSize Tiny = new("tiny", 2, 64, 4, 64);
    public static readonly ModelSize Small = new("small", 4, 128, 4, 128);

    public static ModelSize Parse(string name) => name switch
    {
        "tiny" => Tiny,
        "small" => Small,
        _ => throw new ArgumentException($"--size '{name}' is not one of tiny, small"),
    };

    /// <summary>A freshly initialised "gpt2" or "llama" model of this size with <paramref name="positions"/> positions.</summary>
    public ICausalLM Create(string family, int vocabSize, int positions, Generator generator) => family switch
    {
        "gpt2" => new Gpt2Model(new Gpt2Config { VocabSize = vocabSize, NPositions = positions, NEmbd = Dim, NLayer = Layers, NHead = Heads }, generator),
        "llama" => new LlamaModel(new LlamaConfig
        {
            VocabSize = vocabSize, HiddenSize = Dim, IntermediateSize = (Dim * 8 / 3 + 15) / 16 * 16, NumHiddenLayers = Layers,
            NumAttentionHeads = Heads, NumKeyValueHeads = Math.Max(1, Heads / 2), HeadDim = Dim / Heads,
            MaxPositionEmbeddings = positions, TieWordEmbeddings = true,
        }, generator),
        _ => throw new ArgumentException($"model family '{family}' is not one of gpt2, llama"),
    };
}
