using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;
using AlignLab.Models.Hooks;

namespace AlignLab.Models.Gpt2;

/// <summary>
/// GPT-2 language model (token + learned position embeddings, pre-LN blocks, final LN, output head tied to
/// <c>wte</c>). Parameter names match the Hugging Face checkpoint (<c>wte.weight</c>, <c>h.0.attn.c_attn.weight</c>, ...),
/// with Conv1D weights stored [in, out] as there, so checkpoints load without renaming or transposing.
/// </summary>
public sealed class Gpt2Model : Module, IAttentionHeadModel
{
    public Gpt2Config Config { get; }
    public Embedding Wte { get; }
    public Embedding Wpe { get; }
    public ModuleList<Gpt2Block> H { get; } = new();
    public LayerNorm LnF { get; }

    public Gpt2Model(Gpt2Config config, Generator generator)
    {
        config.Validate();
        Config = config;
        Wte = RegisterModule("wte", new Embedding(config.VocabSize, config.NEmbd, generator, 0.02f));
        Wpe = RegisterModule("wpe", new Embedding(config.NPositions, config.NEmbd, generator, 0.01f));
        RegisterModule("h", H);
        for (int i = 0; i < config.NLayer; i++) H.Add(new Gpt2Block(config, generator));
        LnF = RegisterModule("ln_f", new LayerNorm(config.NEmbd, config.LayerNormEpsilon));
        Residual = new ResidualStream("h.", config.NLayer);
        Heads = new AttentionHeads("h.", ".attn.c_proj.input", config.NLayer, config.NHead, config.NEmbd / config.NHead, i => H[i].Attn.CProj);
    }

    /// <summary>Per-head attention outputs (the input of each block's <c>attn.c_proj</c>), for head probes and ITI.</summary>
    public AttentionHeads Heads { get; }

    /// <summary>Read/write points after each block (<c>h.0</c> … ), for activation capture and steering.</summary>
    public ResidualStream Residual { get; }

    public string ModelType => "gpt2";
    public int VocabSize => Config.VocabSize;
    public int MaxPositions => Config.NPositions;
    public int LayerCount => Config.NLayer;
    public bool TiedHead => true;
    public int HiddenSize => Config.NEmbd;
    Module ICausalLM.Module => this;
    public Dictionary<string, object> ConfigJson() => Config.ToJson();

    /// <summary>Final hidden states [B, T, C] for token ids [B, T], continuing <paramref name="cache"/> when given.</summary>
    public Tensor Hidden(IntTensor ids, KvCache? cache = null)
    {
        int start = CausalLM.CheckInput(ids, cache, Config.NLayer, Config.NPositions);
        int t = ids.Shape[1];
        var positions = cache?.LeftPadding is { } pad ? PaddedPositions(pad, start, t) : new IntTensor(Enumerable.Range(start, t).ToArray(), t);
        var x = Wte.Forward(ids) + Wpe.Forward(positions);
        try
        {
            for (int i = 0; i < H.Count; i++)
            {
                H[i].Attn.Cache = cache?[i];
                x = H[i].Forward(x);
                if (!Residual.IsEmpty) x = Residual.Apply(i, x, start, cache);
            }
        }
        finally
        {
            foreach (var block in H.Items) block.Attn.Cache = null;
        }
        return LnF.Forward(x);
    }

    /// <summary>Row b's positions [B, T] after its <paramref name="pad"/>[b] padding tokens (padding itself at 0).</summary>
    private static IntTensor PaddedPositions(int[] pad, int start, int t)
    {
        var p = new int[pad.Length * t];
        for (int b = 0; b < pad.Length; b++)
            for (int i = 0; i < t; i++) p[b * t + i] = Math.Max(0, start + i - pad[b]);
        return new IntTensor(p, pad.Length, t);
    }

    /// <summary>Logits [B, T, V] through the tied head (a transposed view of wte, never copied).</summary>
    public Tensor Logits(IntTensor ids, KvCache? cache = null, bool lastOnly = false)
    {
        var h = Hidden(ids, cache);
        if (lastOnly) h = h.Slice(1, h.Shape[1] - 1, h.Shape[1]);
        int b = h.Shape[0], t = h.Shape[1];
        return h.Reshape(b * t, Config.NEmbd).MatMul(Wte.Weight.T()).Reshape(b, t, Config.VocabSize);
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="targets"/> (−100 ignored).</summary>
    public Tensor Loss(IntTensor ids, IntTensor targets) => F.CrossEntropy(Logits(ids), targets);

    /// <summary>Loads a Hugging Face GPT-2 directory (config.json + model.safetensors or shards).</summary>
    public static Gpt2Model FromPretrained(string directory) =>
        HfCheckpoint.Load(directory) as Gpt2Model
        ?? throw new InvalidDataException($"{Path.Combine(directory, "config.json")}: model_type is not gpt2");
}
