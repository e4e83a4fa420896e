namespace AlignLab.Methods.Steering;

/// <summary>How the activations of a span's tokens become one feature vector.</summary>
public enum SpanPooling
{
    /// <summary>h(A) = vec(H_l(A)[t : t+s]) ∈ R^{s·d}: token activations side by side, as the paper's reviewers describe.</summary>
    Concat,
    /// <summary>The mean of the span's token activations ∈ R^d: invariant to where in the span a word falls.</summary>
    Mean,
}

/// <summary>
/// The token span [Start, Start + Length) whose residual activations make one feature vector, concatenated or averaged.
/// Position 0 is the &lt;|endoftext|&gt; token every text is prefixed with.
/// </summary>
public sealed record FeatureSpan(int Start, int Length, SpanPooling Pooling = SpanPooling.Concat)
{
    /// <summary>Span rows of a feature vector: Length when concatenated, 1 when averaged.</summary>
    public int Rows => Pooling == SpanPooling.Concat ? Length : 1;

    /// <summary>t = 1, s = 12: the first dozen tokens of a document (its first sentence; a name alone can take six).</summary>
    public static readonly FeatureSpan Default = new(1, 12);

    public int End => Start + Length;

    public void Validate()
    {
        if (Start < 0) throw new ArgumentOutOfRangeException(nameof(Start), $"span start must be >= 0, got {Start}");
        if (Length < 1) throw new ArgumentOutOfRangeException(nameof(Length), $"span length must be >= 1, got {Length}");
    }
}
