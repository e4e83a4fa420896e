using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;
using AlignLab.Models.Hooks;

namespace AlignLab.Models.Llama;

/// <summary>
/// Llama-family causal LM (HF <c>LlamaForCausalLM</c>): parameter names are the checkpoint's
/// (<c>model.embed_tokens.weight</c>, <c>model.layers.0.self_attn.q_proj.weight</c>, <c>lm_head.weight</c>), with
/// <c>nn.Linear</c> weights [out, in], so checkpoints load without renaming or transposing.
/// With <c>tie_word_embeddings</c> there is no <c>lm_head</c>: the head is a transposed view of the embedding.
/// </summary>
public sealed class LlamaModel : Module, IAttentionHeadModel
{
    public LlamaConfig Config { get; }
    public LlamaBackbone Model { get; }
    public Linear? LmHead { get; }

    public LlamaModel(LlamaConfig config, Generator generator)
    {
        config.Validate();
        Config = config;
        Model = RegisterModule("model", new LlamaBackbone(config, generator));
        if (!config.TieWordEmbeddings) LmHead = RegisterModule("lm_head", new Linear(config.HiddenSize, config.VocabSize, false, generator));
        Residual = new ResidualStream("model.layers.", config.NumHiddenLayers);
        Heads = new AttentionHeads("model.layers.", ".self_attn.o_proj.input", config.NumHiddenLayers, config.NumAttentionHeads, config.HeadDim,
            i => Model.Layers[i].SelfAttn.OProj);
    }

    /// <summary>Per-head attention outputs (the input of each layer's <c>self_attn.o_proj</c>), for head probes and ITI.</summary>
    public AttentionHeads Heads { get; }

    /// <summary>Read/write points after each decoder layer (<c>model.layers.0</c> … ), for activation capture and steering.</summary>
    public ResidualStream Residual { get; }

    public string ModelType => "llama";
    public int VocabSize => Config.VocabSize;
    public int MaxPositions => Config.MaxPositionEmbeddings;
    public int LayerCount => Config.NumHiddenLayers;
    public bool TiedHead => Config.TieWordEmbeddings;
    public int HiddenSize => Config.HiddenSize;
    Module ICausalLM.Module => this;
    public Dictionary<string, object> ConfigJson() => Config.ToJson();

    /// <summary>Final hidden states [B, T, d] for ids [B, T], continuing <paramref name="cache"/> when given.</summary>
    public Tensor Hidden(IntTensor ids, KvCache? cache = null)
    {
        int start = CausalLM.CheckInput(ids, cache, LayerCount, MaxPositions);
        var x = Model.EmbedTokens.Forward(ids);
        var layers = Model.Layers;
        try
        {
            for (int i = 0; i < layers.Count; i++)
            {
                layers[i].SelfAttn.Step = (cache?[i], start);
                x = layers[i].Forward(x);
                if (!Residual.IsEmpty) x = Residual.Apply(i, x, start, cache);
            }
        }
        finally
        {
            for (int i = 0; i < layers.Count; i++) layers[i].SelfAttn.Step = default;
        }
        return Model.Norm.Forward(x);
    }

    public Tensor Logits(IntTensor ids, KvCache? cache = null, bool lastOnly = false)
    {
        var h = Hidden(ids, cache);
        if (lastOnly) h = h.Slice(1, h.Shape[1] - 1, h.Shape[1]);
        int b = h.Shape[0], t = h.Shape[1];
        var flat = h.Reshape(b * t, Config.HiddenSize);
        var logits = LmHead != null ? LmHead.Forward(flat) : flat.MatMul(Model.EmbedTokens.Weight.T());
        return logits.Reshape(b, t, Config.VocabSize);
    }
}
