namespace AlignLab.Core.Kernels;

/// <summary>Element-wise selection by a boolean mask: the forward and backward of <c>Where</c> and <c>MaskedFill</c>.</summary>
public static class Selection
{
    /// <summary>dst[i] = condition[i] ? ifTrue[i] : ifFalse[i].</summary>
    public static void Pick(ReadOnlySpan<bool> condition, ReadOnlySpan<float> ifTrue, ReadOnlySpan<float> ifFalse, Span<float> dst)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = condition[i] ? ifTrue[i] : ifFalse[i];
    }

    /// <summary>dst[i] = condition[i] == <paramref name="keepWhen"/> ? g[i] : 0 — the gradient reaching one side of a select.</summary>
    public static void Route(ReadOnlySpan<bool> condition, bool keepWhen, ReadOnlySpan<float> g, Span<float> dst)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = condition[i] == keepWhen ? g[i] : 0f;
    }

    /// <summary>dst[i] = condition[i] ? value : src[i].</summary>
    public static void Fill(ReadOnlySpan<bool> condition, float value, ReadOnlySpan<float> src, Span<float> dst)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = condition[i] ? value : src[i];
    }
}
