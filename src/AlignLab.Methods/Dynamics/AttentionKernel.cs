namespace AlignLab.Methods.Dynamics;

/// <summary>How an attention layer turns queries and keys into the attention matrix S (n×n).</summary>
public enum AttentionKernel
{
    /// <summary>S = rowsoftmax(Q Kᵀ / √d).</summary>
    Softmax,
    /// <summary>S_jk = exp(−‖q_j − k_k‖² / (2√d)), not row-normalised (the Skyformer Gaussian kernel).</summary>
    Gaussian,
}

/// <summary>Parsing and printing of kernel names as the command line and reports spell them.</summary>
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
        _ => throw new ArgumentException($"kernel: '{name}' is not one of softmax, gaussian", nameof(name)),
    };
}
