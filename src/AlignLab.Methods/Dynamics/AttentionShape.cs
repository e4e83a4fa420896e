namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Sizes of one attention layer: input embedding dimension D, per-head query/key dimension d, per-head value
/// dimension dv, number of heads H and output dimension of W_O.
/// </summary>
/// <remarks>
/// Every matrix is stored like PyTorch's <c>Linear.weight</c>: one row per output unit, so a row is a "filter"
/// (what filter-normalised landscape directions scale) and every product is a contiguous dot product.
/// W_Q^h is stored as d rows of length D (its transpose), W_V^h as dv rows of length D, W_O as OutputDim rows of
/// length H·dv. The flat parameter vector holds the blocks in the order Q, K, V, O.
/// </remarks>
public sealed record AttentionShape
{
    public int EmbeddingDim { get; }
    public int KeyDim { get; }
    public int ValueDim { get; }
    public int Heads { get; }
    public int OutputDim { get; }

    public AttentionShape(int embeddingDim, int keyDim, int valueDim = 1, int heads = 1, int outputDim = 1)
    {
        Positive(embeddingDim, nameof(embeddingDim));
        Positive(keyDim, nameof(keyDim));
        Positive(valueDim, nameof(valueDim));
        Positive(heads, nameof(heads));
        Positive(outputDim, nameof(outputDim));
        EmbeddingDim = embeddingDim;
        KeyDim = keyDim;
        ValueDim = valueDim;
        Heads = heads;
        OutputDim = outputDim;
    }

    /// <summary>Width of the concatenated head outputs, the input width of W_O.</summary>
    public int ConcatDim => Heads * ValueDim;

    public int QueryCount => Heads * KeyDim * EmbeddingDim;
    public int ValueCount => Heads * ValueDim * EmbeddingDim;
    public int OutputCount => OutputDim * ConcatDim;
    public int ParameterCount => 2 * QueryCount + ValueCount + OutputCount;

    public int QueryOffset => 0;
    public int KeyOffset => QueryCount;
    public int ValueOffset => 2 * QueryCount;
    public int OutputOffset => 2 * QueryCount + ValueCount;

    /// <summary>Offset and length of one group's block inside the flat parameter vector.</summary>
    public (int Offset, int Length) Block(WeightGroups single) => single switch
    {
        WeightGroups.Query => (QueryOffset, QueryCount),
        WeightGroups.Key => (KeyOffset, QueryCount),
        WeightGroups.Value => (ValueOffset, ValueCount),
        WeightGroups.Output => (OutputOffset, OutputCount),
        _ => throw new ArgumentException($"group: '{single}' is not a single weight matrix", nameof(single)),
    };

    /// <summary>Row length of a group's filters (what one output unit reads).</summary>
    public int RowLength(WeightGroups single) => single == WeightGroups.Output ? ConcatDim : EmbeddingDim;

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
    }
}
