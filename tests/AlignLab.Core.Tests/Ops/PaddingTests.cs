namespace AlignLab.Core.Tests.Ops;

/// <summary>Per-row masks and positions, as left-padded batches use them, equal running each row on its own.</summary>
public class PaddingTests
{
    [Fact]
    public void APerRowMaskActsOnItsOwnRow()
    {
        var gen = new Generator(4);
        var (q, k, v) = (gen.Normal([2, 2, 3, 4]), gen.Normal([2, 2, 5, 4]), gen.Normal([2, 2, 5, 4]));
        var mask = gen.Normal([2, 3, 5]);
        var both = F.ScaledDotProductAttention(q, k, v, causal: true, mask);
        for (int b = 0; b < 2; b++)
        {
            Tensor Row(Tensor t) => t.Slice(0, b, b + 1);
            var alone = F.ScaledDotProductAttention(Row(q), Row(k), Row(v), causal: true, mask.Slice(0, b, b + 1).Squeeze(0));
            Assert.Equal(alone.ToArray(), Row(both).ToArray());
        }
    }

    [Fact]
    public void RowOffsetsShiftEachRowsPositions()
    {
        var x = new Generator(5).Normal([2, 3, 4, 6]);
        var freq = F.RopeFrequencies(6, 10000f);
        var shifted = F.Rope(x, freq, startPosition: 5, rowOffsets: [0, 3]);
        Assert.Equal(F.Rope(x.Slice(0, 0, 1), freq, 5).ToArray(), shifted.Slice(0, 0, 1).ToArray());
        Assert.Equal(F.Rope(x.Slice(0, 1, 2), freq, 2).ToArray(), shifted.Slice(0, 1, 2).ToArray());
        // Positions before the row's start (padding) clamp to 0 rather than rotating backwards.
        var early = F.Rope(x, freq, startPosition: 0, rowOffsets: [0, 3]).Slice(0, 1, 2).Slice(2, 0, 1);
        Assert.Equal(F.Rope(x.Slice(0, 1, 2).Slice(2, 0, 1), freq, 0).ToArray(), early.ToArray());
    }
}
