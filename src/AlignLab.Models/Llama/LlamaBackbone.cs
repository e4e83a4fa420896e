using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Llama;

/// <summary>The <c>model.</c> part of <c>LlamaForCausalLM</c>: token embedding, decoder layers, final RMSNorm.</summary>
public sealed class LlamaBackbone : Module
{
    public Embedding EmbedTokens { get; }
    public ModuleList<LlamaDecoderLayer> Layers { get; } = new();
    public RMSNorm Norm { get; }

    public LlamaBackbone(LlamaConfig config, Generator generator)
    {
        EmbedTokens = RegisterModule("embed_tokens", new Embedding(config.VocabSize, config.HiddenSize, generator, 0.02f));
        RegisterModule("layers", Layers);
        for (int i = 0; i < config.NumHiddenLayers; i++) Layers.Add(new LlamaDecoderLayer(config, generator));
        Norm = RegisterModule("norm", new RMSNorm(config.HiddenSize, config.RmsNormEps));
    }
}
