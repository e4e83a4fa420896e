using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Gpt2;

/// <summary>Pre-LN residual block: x + attn(ln_1(x)), then + mlp(ln_2(x)). Its output is the residual stream.</summary>
public sealed class Gpt2Block : Module
{
    public LayerNorm Ln1 { get; }
    public Gpt2Attention Attn { get; }
    public LayerNorm Ln2 { get; }
    public Gpt2Mlp Mlp { get; }

    public Gpt2Block(Gpt2Config config, Generator generator)
    {
        Ln1 = RegisterModule("ln_1", new LayerNorm(config.NEmbd, config.LayerNormEpsilon));
        Attn = RegisterModule("attn", new Gpt2Attention(config, generator));
        Ln2 = RegisterModule("ln_2", new LayerNorm(config.NEmbd, config.LayerNormEpsilon));
        Mlp = RegisterModule("mlp", new Gpt2Mlp(config, generator));
    }

    protected override Tensor ForwardCore(Tensor x)
    {
        x = x + Attn.Forward(Ln1.Forward(x));
        return x + Mlp.Forward(Ln2.Forward(x));
    }
}
