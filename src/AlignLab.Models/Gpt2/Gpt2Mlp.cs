using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Gpt2;

/// <summary>c_fc (4× width) → GELU → c_proj.</summary>
public sealed class Gpt2Mlp : Module
{
    private readonly bool _tanhGelu;
    public Conv1D CFc { get; }
    public Conv1D CProj { get; }

    public Gpt2Mlp(Gpt2Config config, Generator generator)
    {
        _tanhGelu = config.ActivationFunction != "gelu";
        CFc = RegisterModule("c_fc", new Conv1D(config.NEmbd, 4 * config.NEmbd, generator));
        CProj = RegisterModule("c_proj", new Conv1D(4 * config.NEmbd, config.NEmbd, generator, 0.02f / MathF.Sqrt(2 * config.NLayer)));
    }

    protected override Tensor ForwardCore(Tensor x)
    {
        var h = CFc.Forward(x);
        return CProj.Forward(_tanhGelu ? h.GeluTanh() : h.Gelu());
    }
}
