using System.Buffers.Binary;
using System.IO.Compression;

namespace AlignLab.Reports;

/// <summary>
/// Minimal PNG writer: 8-bit RGB, no interlace, filter "none" on every row, the image data one zlib stream
/// (System.IO.Compression's ZLibStream). Enough for image grids in reports and for the sampling command.
/// </summary>
public static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="rgb"/> (height·width·3 bytes, row-major, interleaved) as a PNG file's bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentException($"PNG size {width}x{height} must be positive");
        if (rgb.Length != width * height * 3) throw new ArgumentException($"PNG {width}x{height} RGB needs {width * height * 3} bytes, got {rgb.Length}");
        var raw = new byte[height * (1 + width * 3)];
        for (int y = 0; y < height; y++)   // each row is prefixed by its filter type (0: none)
            rgb.Slice(y * width * 3, width * 3).CopyTo(raw.AsSpan(y * (1 + width * 3) + 1));
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);

        using var file = new MemoryStream();
        file.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; header[9] = 2; header[10] = 0; header[11] = 0; header[12] = 0;   // 8 bits, truecolour, deflate, filter 0, no interlace
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>Writes the PNG to a temporary name and renames it, so a crash never leaves half an image.</summary>
    public static void Write(string path, ReadOnlySpan<byte> rgb, int width, int height)
    {
        var bytes = Encode(rgb, width, height);
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>CRC-32 (IEEE, reflected, as PNG and zlib use), written out because System.IO.Hashing is not in the shared framework.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = new byte[4 + data.Length];
        for (int i = 0; i < 4; i++) typed[i] = (byte)type[i];
        data.CopyTo(typed.AsSpan(4));
        s.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));   // CRC over type and data
        s.Write(crc);
    }
}
