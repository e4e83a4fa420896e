namespace AlignLab.Methods.Steering;

/// <summary>How the activations of a span's tokens become one feature vector.</summary>
public enum SpanPooling
{
    /// <summary>h(A) = vec(H_l(A)[t : t+s]) ∈ R^{s·d}: token activations side by side, as the paper's reviewers describe.</summary>
    Concat,
    /// <summary>The mean of the span's token activations ∈ R^d: invariant to where in the span a word falls.</summary>
    Mean,
    /// <summary>
    /// The mean over tokens Start … the end of the text, at most Length of them ∈ R^d: every word of a short document
    /// counts, wherever it is (a preference stated late in a document is invisible to a fixed front span).
    /// </summary>
    MeanToEnd,
}

/// <summary>
/// The token span [Start, Start + Length) whose residual activations make one feature vector, concatenated or averaged.
/// Position 0 is the &lt;|endoftext|&gt; token every text is prefixed with.
/// </summary>
public sealed record FeatureSpan(int Start, int Length, SpanPooling Pooling = SpanPooling.Concat)
{
    /// <summary>Span rows of a feature vector: Length when concatenated, 1 when averaged.</summary>
    public int Rows => Pooling == SpanPooling.Concat ? Length : 1;

    /// <summary>The fewest tokens (with &lt;|endoftext|&gt;) a text needs: the whole span, or one token of it for <see cref="SpanPooling.MeanToEnd"/>.</summary>
    public int MinTokens => Pooling == SpanPooling.MeanToEnd ? Start + 1 : End;

    /// <summary>t = 1, s = 12: the first dozen tokens of a document (its first sentence; a name alone can take six).</summary>
    public static readonly FeatureSpan Default = new(1, 12);

    /// <summary>Tokens 1 … 63 averaged (the whole of a short document in a 64-token context).</summary>
    public static readonly FeatureSpan WholeText = new(1, 63, SpanPooling.MeanToEnd);

    public int End => Start + Length;

    public void Validate()
    {
        if (Start < 0) throw new ArgumentOutOfRangeException(nameof(Start), $"span start must be >= 0, got {Start}");
        if (Length < 1) throw new ArgumentOutOfRangeException(nameof(Length), $"span length must be >= 1, got {Length}");
    }
}
