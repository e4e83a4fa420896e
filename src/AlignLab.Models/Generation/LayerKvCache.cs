using AlignLab.Core;

namespace AlignLab.Models.Generation;

/// <summary>
/// One attention layer's cached keys and values, stored [B, Hkv, capacity, D] so the attention kernel reads the
/// filled prefix as a strided view. Capacity doubles when full, so appending one token is amortised O(1) copies.
/// </summary>
public sealed class LayerKvCache(PaddingMask? padding = null)
{
    private float[] _k = [];
    private float[] _v = [];
    private int _batch, _heads, _dim, _capacity;

    /// <summary>Number of positions cached so far.</summary>
    public int Length { get; private set; }

    /// <summary>Padding tokens at the start of each row (see <see cref="KvCache"/>), or null.</summary>
    public int[]? LeftPadding => padding?.LeftPadding;

    /// <summary>
    /// The additive mask [B, Tq, Length] that hides each row's padding keys from <paramref name="queries"/> new positions,
    /// or null without padding. Causality is the attention op's own flag.
    /// </summary>
    public Tensor? PaddingMask(int queries) => padding?.For(queries, Length);

    /// <summary>Appends k, v [B, Hkv, T, D] and returns views of every cached position, [B, Hkv, Length, D].</summary>
    public (Tensor K, Tensor V) Append(Tensor k, Tensor v)
    {
        if (k.Rank != 4 || !k.Shape.SequenceEqual(v.Shape))
            throw new ArgumentException($"cached keys and values must both be [batch, heads, time, dim], got {ShapeUtil.Format(k.Shape)} and {ShapeUtil.Format(v.Shape)}");
        int b = k.Shape[0], h = k.Shape[1], t = k.Shape[2], d = k.Shape[3];
        if (LeftPadding is { } pad && pad.Length != b)
            throw new ArgumentException($"the cache was made for {pad.Length} padded rows but got a batch of {b}");
        if (Length == 0) (_batch, _heads, _dim) = (b, h, d);
        else if (b != _batch || h != _heads || d != _dim)
            throw new ArgumentException($"keys {ShapeUtil.Format(k.Shape)} do not continue a cache of [{_batch}, {_heads}, {Length}, {_dim}]");
        if (Length + t > _capacity) Grow(Math.Max(2 * _capacity, Math.Max(Length + t, 16)));
        Write(_k, k.Contiguous(), t);
        Write(_v, v.Contiguous(), t);
        Length += t;
        return (View(_k), View(_v));
    }

    private void Grow(int capacity)
    {
        var (k, v) = (new float[_batch * _heads * capacity * _dim], new float[_batch * _heads * capacity * _dim]);
        for (int bh = 0; bh < _batch * _heads; bh++)
        {
            _k.AsSpan(bh * _capacity * _dim, Length * _dim).CopyTo(k.AsSpan(bh * capacity * _dim));
            _v.AsSpan(bh * _capacity * _dim, Length * _dim).CopyTo(v.AsSpan(bh * capacity * _dim));
        }
        (_k, _v, _capacity) = (k, v, capacity);
    }

    private void Write(float[] buffer, Tensor src, int t)
    {
        var s = src.AsSpan();
        for (int bh = 0; bh < _batch * _heads; bh++)
            s.Slice(bh * t * _dim, t * _dim).CopyTo(buffer.AsSpan((bh * _capacity + Length) * _dim));
    }

    private Tensor View(float[] buffer) =>
        Tensor.Wrap(buffer, _batch, _heads, _capacity, _dim).Slice(2, 0, Length);
}
