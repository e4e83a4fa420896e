using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// The U-Net's residual block (DDPM style): GroupNorm → SiLU → 3×3 conv, plus a per-channel shift from the
/// time-and-prompt embedding, then GroupNorm → SiLU → 3×3 conv, added to the input (through a 1×1 conv when the width changes).
/// </summary>
public sealed class ResBlock : Module
{
    private readonly GroupNorm _norm1, _norm2;
    private readonly Conv2d _conv1, _conv2;
    private readonly Conv2d? _skip;
    private readonly Linear _embed;

    public ResBlock(int inChannels, int outChannels, int embedDim, int groups, Generator g)
    {
        _norm1 = RegisterModule("norm1", new GroupNorm(Math.Min(groups, inChannels), inChannels));
        _conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, g, padding: 1));
        _embed = RegisterModule("embed", new Linear(embedDim, outChannels, bias: true, g));
        _norm2 = RegisterModule("norm2", new GroupNorm(groups, outChannels));
        _conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, g, padding: 1));
        if (inChannels != outChannels) _skip = RegisterModule("skip", new Conv2d(inChannels, outChannels, 1, g));
    }

    /// <param name="embedding">SiLU of the time-and-prompt embedding, [B, embedDim].</param>
    public Tensor Forward(Tensor x, Tensor embedding) => Invoke(() =>
    {
        var h = _conv1.Forward(_norm1.Forward(x).Silu());
        var shift = _embed.Forward(embedding);
        h = h + shift.Reshape(shift.Shape[0], shift.Shape[1], 1, 1);
        h = _conv2.Forward(_norm2.Forward(h).Silu());
        return h + (_skip?.Forward(x) ?? x);
    });
}
