using System.Buffers.Binary;
using System.IO.Compression;

namespace AlignLab.Reports.Tests;

/// <summary>The PNG writer's bytes, read back by hand: signature, chunk order, CRCs, header fields and the pixels.</summary>
public class PngTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue() => Assert.Equal(0xCBF43926u, Png.Crc32("123456789"u8));

    [Fact]
    public void ChunksCarryTheHeaderAndThePixels()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90];   // 3 wide, 2 high
        var png = Png.Encode(rgb, 3, 2);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        for (int at = 8; at < png.Length;)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typed = png.AsSpan(at + 4, 4 + len);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + len)), Png.Crc32(typed));
            chunks.Add((System.Text.Encoding.ASCII.GetString(typed[..4]), typed[4..].ToArray()));
            at += 12 + len;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);
        using var z = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        Assert.Equal([0, .. rgb[..9], 0, .. rgb[9..]], raw.ToArray());
    }

    [Fact]
    public void AWrongBufferLengthNamesTheSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => Png.Encode(new byte[10], 2, 2));
        Assert.Contains("2x2 RGB needs 12 bytes, got 10", ex.Message);
    }
}
