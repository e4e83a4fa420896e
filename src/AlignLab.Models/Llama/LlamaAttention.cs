using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Llama;

/// <summary>Grouped-query self-attention with rotate-half RoPE on q and k (HF <c>LlamaAttention</c>, no biases).</summary>
public sealed class LlamaAttention : Module
{
    private readonly LlamaConfig _config;
    private readonly float[] _frequencies;
    public Linear QProj { get; }
    public Linear KProj { get; }
    public Linear VProj { get; }
    public Linear OProj { get; }

    /// <summary>
    /// Set by <see cref="LlamaModel"/> for the duration of one forward: the layer's KV cache and the position of the
    /// first input token. Passing them this way keeps <see cref="Module.Forward"/> (and so every hook) on the call path.
    /// </summary>
    internal (LayerKvCache? Cache, int Start) Step { get; set; }

    public LlamaAttention(LlamaConfig config, Generator generator)
    {
        _config = config;
        _frequencies = config.RopeFrequencies();
        int d = config.HiddenSize, hd = config.HeadDim;
        QProj = RegisterModule("q_proj", new Linear(d, config.NumAttentionHeads * hd, false, generator));
        KProj = RegisterModule("k_proj", new Linear(d, config.NumKeyValueHeads * hd, false, generator));
        VProj = RegisterModule("v_proj", new Linear(d, config.NumKeyValueHeads * hd, false, generator));
        OProj = RegisterModule("o_proj", new Linear(config.NumAttentionHeads * hd, d, false, generator));
    }

    protected override Tensor ForwardCore(Tensor x)
    {
        int b = x.Shape[0], t = x.Shape[1], h = _config.NumAttentionHeads, hkv = _config.NumKeyValueHeads, hd = _config.HeadDim;
        var (cache, start) = Step;
        var q = F.Rope(QProj.Forward(x).Reshape(b, t, h, hd).Transpose(1, 2), _frequencies, start, cache?.LeftPadding);
        var k = F.Rope(KProj.Forward(x).Reshape(b, t, hkv, hd).Transpose(1, 2), _frequencies, start, cache?.LeftPadding);
        var v = VProj.Forward(x).Reshape(b, t, hkv, hd).Transpose(1, 2);
        if (cache != null) (k, v) = cache.Append(k, v);
        // The attention output is laid out [B, T, H, hd] in memory, so merging heads is a view.
        var y = F.ScaledDotProductAttention(q, k, v, causal: true, cache?.PaddingMask(t));
        return OProj.Forward(y.Transpose(1, 2).Reshape(b, t, h * hd));
    }
}
