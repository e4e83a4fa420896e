using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Llama;

/// <summary>Pre-RMSNorm residual block: x + attn(norm(x)), then + mlp(norm(x)). Its output is the residual stream.</summary>
public sealed class LlamaDecoderLayer : Module
{
    public RMSNorm InputLayernorm { get; }
    public LlamaAttention SelfAttn { get; }
    public RMSNorm PostAttentionLayernorm { get; }
    public LlamaMlp Mlp { get; }

    public LlamaDecoderLayer(LlamaConfig config, Generator generator)
    {
        InputLayernorm = RegisterModule("input_layernorm", new RMSNorm(config.HiddenSize, config.RmsNormEps));
        SelfAttn = RegisterModule("self_attn", new LlamaAttention(config, generator));
        PostAttentionLayernorm = RegisterModule("post_attention_layernorm", new RMSNorm(config.HiddenSize, config.RmsNormEps));
        Mlp = RegisterModule("mlp", new LlamaMlp(config, generator));
    }

    protected override Tensor ForwardCore(Tensor x)
    {
        x = x + SelfAttn.Forward(InputLayernorm.Forward(x));
        return x + Mlp.Forward(PostAttentionLayernorm.Forward(x));
    }
}
