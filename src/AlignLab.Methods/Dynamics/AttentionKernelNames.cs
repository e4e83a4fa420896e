using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>Kernel names as the command line and the reports spell them.</summary>
public static class AttentionKernelNames
{
    public static string Name(this AttentionKernel kernel) => kernel switch
    {
        AttentionKernel.Softmax => "softmax",
        AttentionKernel.Gaussian => "gaussian",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown attention kernel"),
    };

    public static AttentionKernel Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "softmax" => AttentionKernel.Softmax,
        "gaussian" => AttentionKernel.Gaussian,
        _ => throw new ArgumentException($"kernel: '{name}' is not one of softmax, gaussian", "Kernel"),
    };
}
