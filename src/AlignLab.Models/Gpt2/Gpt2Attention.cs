using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Gpt2;

/// <summary>Causal multi-head self-attention with GPT-2's fused q|k|v projection (<c>c_attn</c>) and <c>c_proj</c>.</summary>
public sealed class Gpt2Attention : Module
{
    private readonly int _heads;
    public Conv1D CAttn { get; }
    public Conv1D CProj { get; }

    /// <summary>
    /// The layer's KV cache for the current forward, set by <see cref="Gpt2Model"/>; passing it this way keeps
    /// <see cref="Module.Forward"/> (and so every hook) on the call path.
    /// </summary>
    internal LayerKvCache? Cache { get; set; }

    public Gpt2Attention(Gpt2Config config, Generator generator)
    {
        _heads = config.NHead;
        CAttn = RegisterModule("c_attn", new Conv1D(config.NEmbd, 3 * config.NEmbd, generator));
        CProj = RegisterModule("c_proj", new Conv1D(config.NEmbd, config.NEmbd, generator, 0.02f / MathF.Sqrt(2 * config.NLayer)));
    }

    protected override Tensor ForwardCore(Tensor x)
    {
        int b = x.Shape[0], t = x.Shape[1], c = x.Shape[2], hd = c / _heads;
        // Views only: [B, T, 3C] → [3, B, H, T, hd] for the attention op, and its [B, H, T, hd] output back to [B, T, C].
        var qkv = CAttn.Forward(x).Reshape(b, t, 3, _heads, hd).Permute(2, 0, 3, 1, 4);
        Tensor y;
        if (Cache == null) y = F.Attention(qkv, causal: true);
        else
        {
            var (k, v) = Cache.Append(qkv.Slice(0, 1, 2).Squeeze(0), qkv.Slice(0, 2, 3).Squeeze(0));
            y = F.ScaledDotProductAttention(qkv.Slice(0, 0, 1).Squeeze(0), k, v, causal: true, Cache.PaddingMask(t));
        }
        return CProj.Forward(y.Transpose(1, 2).Reshape(b, t, c));
    }
}
