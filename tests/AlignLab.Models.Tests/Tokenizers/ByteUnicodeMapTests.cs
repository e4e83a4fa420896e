using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class ByteUnicodeMapTests
{
    [Fact]
    public void MapsBytesAsGpt2Does()
    {
        Assert.Equal('\u0120', ByteUnicodeMap.ToChar(0x20)); // 'Ġ'
        Assert.Equal('\u010A', ByteUnicodeMap.ToChar(0x0A)); // 'Ċ'
        Assert.Equal('\u0100', ByteUnicodeMap.ToChar(0x00));
        Assert.Equal('A', ByteUnicodeMap.ToChar((byte)'A'));
        Assert.Equal('\u0143', ByteUnicodeMap.ToChar(0xAD)); // the 68th remapped byte
        Assert.Equal((byte)'!', ByteUnicodeMap.BytesInGpt2Order[0]);
        Assert.Equal((byte)0xFF, ByteUnicodeMap.BytesInGpt2Order[187]);
        Assert.Equal((byte)0x00, ByteUnicodeMap.BytesInGpt2Order[188]);
        Assert.Equal((byte)0x20, ByteUnicodeMap.BytesInGpt2Order[188 + 32]); // GPT-2: "Ġ" = 220
    }

    [Fact]
    public void IsABijection()
    {
        var seen = new HashSet<char>();
        for (int b = 0; b < 256; b++)
        {
            char c = ByteUnicodeMap.ToChar((byte)b);
            Assert.True(seen.Add(c));
            Assert.True(ByteUnicodeMap.TryToByte(c, out byte back));
            Assert.Equal(b, back);
        }
        Assert.False(ByteUnicodeMap.TryToByte(' ', out _));
    }
}
