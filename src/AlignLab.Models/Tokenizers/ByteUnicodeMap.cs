namespace AlignLab.Models.Tokenizers;

/// <summary>
/// GPT-2's reversible map from the 256 byte values to printable characters, so that every byte string is a
/// string of visible symbols the BPE can merge (space 0x20 becomes 'Ġ', newline 0x0A becomes 'Ċ').
/// </summary>
public static class ByteUnicodeMap
{
    private static readonly char[] ByteToCharTable = new char[256];
    private static readonly short[] CharToByteTable;
    private static readonly byte[] GptOrderTable = new byte[256];

    static ByteUnicodeMap()
    {
        // Printable bytes keep their code point and come first (that is also GPT-2's id order 0..187);
        // the other 68 bytes take U+0100, U+0101, ... in increasing byte order (ids 188..255).
        int next = 0, shifted = 0;
        for (int b = 0; b < 256; b++)
            if (IsPrintable(b)) { ByteToCharTable[b] = (char)b; GptOrderTable[next++] = (byte)b; }
        for (int b = 0; b < 256; b++)
            if (!IsPrintable(b)) { ByteToCharTable[b] = (char)(256 + shifted++); GptOrderTable[next++] = (byte)b; }
        CharToByteTable = new short[256 + shifted];
        Array.Fill(CharToByteTable, (short)-1);
        for (int b = 0; b < 256; b++) CharToByteTable[ByteToCharTable[b]] = (short)b;
    }

    private static bool IsPrintable(int b) => b is >= 0x21 and <= 0x7E or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    public static char ToChar(byte b) => ByteToCharTable[b];

    public static bool TryToByte(char c, out byte b)
    {
        if (c < CharToByteTable.Length && CharToByteTable[c] >= 0) { b = (byte)CharToByteTable[c]; return true; }
        b = 0;
        return false;
    }

    /// <summary>All 256 bytes in GPT-2's vocabulary order: entry i is the byte whose token has id i in encoder.json.</summary>
    public static ReadOnlySpan<byte> BytesInGpt2Order => GptOrderTable;

    public static string ToTokenString(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, src) =>
        {
            for (int i = 0; i < src.Length; i++) chars[i] = ByteToCharTable[src[i]];
        });
    }
}
