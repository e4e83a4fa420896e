using AlignLab.Core;

namespace AlignLab.Models.Generation;

/// <summary>
/// The key mask of a left-padded batch, shared by every layer's cache: all layers of one step attend from the same
/// queries to the same number of keys, so the mask is built once per step rather than once per layer.
/// </summary>
public sealed class PaddingMask(int[] leftPadding)
{
    private Tensor? _last;
    private (int Queries, int Keys) _lastShape;

    public int[] LeftPadding { get; } = leftPadding;

    /// <summary>Additive [B, queries, keys] mask: −∞ on each row's padding keys, 0 elsewhere.</summary>
    public Tensor For(int queries, int keys)
    {
        if (_last != null && _lastShape == (queries, keys)) return _last;
        int b = LeftPadding.Length;
        var mask = Tensor.Zeros(b, queries, keys);
        var m = mask.AsSpan();
        for (int r = 0; r < b; r++)
            for (int i = 0; i < queries; i++)
                m.Slice((r * queries + i) * keys, Math.Min(LeftPadding[r], keys)).Fill(float.NegativeInfinity);
        (_last, _lastShape) = (mask, (queries, keys));
        return mask;
    }
}
