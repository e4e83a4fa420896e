using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Methods.Irl;

/// <summary>The soft-Q critics' target networks: θ⁻ ← (1 − τ)θ⁻ + τθ after every update.</summary>
internal static class TargetNetwork
{
    public static void Polyak(Module target, Module online, float tau)
    {
        using var _ = GradMode.NoGrad();
        var o = online.Parameters().ToArray();
        var t = target.Parameters().ToArray();
        for (int p = 0; p < o.Length; p++)
        {
            var ts = t[p].AsSpan();
            var os = o[p].AsSpan();
            for (int i = 0; i < ts.Length; i++) ts[i] += tau * (os[i] - ts[i]);
        }
    }
}
