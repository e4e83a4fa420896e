using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Llama;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) ⊙ up(x)).</summary>
public sealed class LlamaMlp : Module
{
    public Linear GateProj { get; }
    public Linear UpProj { get; }
    public Linear DownProj { get; }

    public LlamaMlp(LlamaConfig config, Generator generator)
    {
        GateProj = RegisterModule("gate_proj", new Linear(config.HiddenSize, config.IntermediateSize, false, generator));
        UpProj = RegisterModule("up_proj", new Linear(config.HiddenSize, config.IntermediateSize, false, generator));
        DownProj = RegisterModule("down_proj", new Linear(config.IntermediateSize, config.HiddenSize, false, generator));
    }

    protected override Tensor ForwardCore(Tensor x) => DownProj.Forward(GateProj.Forward(x).Silu() * UpProj.Forward(x));
}
