using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>The training loss of the classifier.</summary>
public enum ClassifierLoss
{
    CrossEntropy,
    /// <summary>½‖logits − one-hot‖², the squared loss of the theory.</summary>
    Squared,
}

/// <summary>
/// A small attention classifier: token + learned position embeddings, <see cref="Layers"/> residual attention
/// layers (H heads of key dim d, value dim D/H, W_O back to D), mean pooling, a one-hidden-layer ReLU head.
/// </summary>
public sealed record ClassifierConfig
{
    public required int Vocabulary { get; init; }
    public required int Tokens { get; init; }
    public int EmbeddingDim { get; init; } = 32;
    public int Heads { get; init; } = 2;
    public int KeyDim { get; init; } = 16;
    public int Layers { get; init; } = 1;
    public int Hidden { get; init; } = 32;
    public int Classes { get; init; } = 2;
    public AttentionKernel Kernel { get; init; } = AttentionKernel.Softmax;
    public ClassifierLoss Loss { get; init; } = ClassifierLoss.CrossEntropy;

    public AttentionShape AttentionShape => new(EmbeddingDim, KeyDim, EmbeddingDim / Heads, Heads, EmbeddingDim);

    public void Validate()
    {
        if (Vocabulary <= 0 || Tokens <= 0 || EmbeddingDim <= 0 || Heads <= 0 || KeyDim <= 0 || Layers <= 0 || Hidden <= 0 || Classes < 2)
            throw new ArgumentException($"classifier: sizes must be positive (vocabulary={Vocabulary}, tokens={Tokens}, D={EmbeddingDim}, heads={Heads}, d={KeyDim}, layers={Layers}, hidden={Hidden}) and classes={Classes} ≥ 2");
        if (EmbeddingDim % Heads != 0)
            throw new ArgumentException($"classifier: embedding dim {EmbeddingDim} is not divisible by {Heads} heads");
    }
}
