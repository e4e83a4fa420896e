namespace AlignLab.Methods.Dynamics;

/// <summary>Fixed-length token sequences with class labels (the B4 stand-ins for LRA text and Pathfinder).</summary>
public sealed class ClassificationSet
{
    public int Count { get; }
    public int Tokens { get; }
    public int Vocabulary { get; }
    public int Classes { get; }
    /// <summary>Count × Tokens token ids, sequence-major.</summary>
    public int[] TokenIds { get; }
    public int[] Labels { get; }

    public ClassificationSet(int count, int tokens, int vocabulary, int classes, int[] tokenIds, int[] labels)
    {
        if (count <= 0 || tokens <= 0 || vocabulary <= 0 || classes < 2)
            throw new ArgumentException($"sizes: count={count}, tokens={tokens}, vocabulary={vocabulary} must be positive and classes={classes} ≥ 2");
        if (tokenIds.Length != count * tokens)
            throw new ArgumentException($"tokenIds: expected {count}×{tokens} ids, got {tokenIds.Length}", nameof(tokenIds));
        if (labels.Length != count) throw new ArgumentException($"labels: expected {count}, got {labels.Length}", nameof(labels));
        foreach (int id in tokenIds)
            if ((uint)id >= (uint)vocabulary) throw new ArgumentException($"tokenIds: id {id} is outside the vocabulary 0..{vocabulary - 1}", nameof(tokenIds));
        foreach (int label in labels)
            if ((uint)label >= (uint)classes) throw new ArgumentException($"labels: {label} is outside 0..{classes - 1}", nameof(labels));
        Count = count;
        Tokens = tokens;
        Vocabulary = vocabulary;
        Classes = classes;
        TokenIds = tokenIds;
        Labels = labels;
    }

    public ReadOnlySpan<int> Sequence(int index) => TokenIds.AsSpan(index * Tokens, Tokens);

    /// <summary>Fraction of examples with label 1 (balance check).</summary>
    public double PositiveFraction()
    {
        int positive = 0;
        foreach (int label in Labels) if (label == 1) positive++;
        return (double)positive / Count;
    }
}
