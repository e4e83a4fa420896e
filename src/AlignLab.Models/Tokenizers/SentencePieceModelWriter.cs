using System.Text;

namespace AlignLab.Models.Tokenizers;

/// <summary>SentencePiece piece types (sentencepiece_model.proto <c>SentencePiece.Type</c>).</summary>
public enum SentencePieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

/// <summary>One vocabulary entry of a SentencePiece model; its id is its position.</summary>
public readonly record struct SentencePiece(string Piece, float Score, SentencePieceType Type = SentencePieceType.Normal);

/// <summary>
/// Writes a BPE SentencePiece <c>ModelProto</c> (the bytes of a <c>tokenizer.model</c>) with the fields
/// Llama-style tokenizers use: pieces, model type BPE, byte fallback, unk/bos/eos ids and the whitespace handling.
/// Used to hand a Hugging Face SentencePiece-BPE <c>tokenizer.json</c> to Microsoft.ML.Tokenizers, which reads
/// only the <c>.model</c> form of that kind, and by tests to build tiny models.
/// </summary>
public static class SentencePieceModelWriter
{
    public sealed record Options(bool ByteFallback = true, int UnkId = 0, int BosId = 1, int EosId = 2, bool AddDummyPrefix = true);

    public static byte[] Write(IReadOnlyList<SentencePiece> pieces, Options options)
    {
        using var model = new MemoryStream();
        foreach (var p in pieces)
        {
            using var piece = new MemoryStream();
            WriteString(piece, 1, p.Piece);
            WriteFloat(piece, 2, p.Score);
            WriteVarintField(piece, 3, (ulong)p.Type);
            WriteBytes(model, 1, piece.ToArray());
        }
        using var trainer = new MemoryStream();
        WriteVarintField(trainer, 3, 2); // model_type = BPE
        WriteVarintField(trainer, 4, (ulong)pieces.Count); // vocab_size
        WriteVarintField(trainer, 35, options.ByteFallback ? 1UL : 0UL);
        WriteVarintField(trainer, 40, unchecked((ulong)(long)options.UnkId));
        WriteVarintField(trainer, 41, unchecked((ulong)(long)options.BosId));
        WriteVarintField(trainer, 42, unchecked((ulong)(long)options.EosId));
        WriteVarintField(trainer, 43, unchecked((ulong)-1L)); // pad_id: none
        WriteBytes(model, 2, trainer.ToArray());
        using var normalizer = new MemoryStream();
        WriteString(normalizer, 1, "identity");
        WriteVarintField(normalizer, 3, options.AddDummyPrefix ? 1UL : 0UL);
        WriteVarintField(normalizer, 4, 0); // remove_extra_whitespaces: Llama keeps runs of spaces
        WriteVarintField(normalizer, 5, 1); // escape_whitespaces: ' ' becomes U+2581
        WriteBytes(model, 3, normalizer.ToArray());
        return model.ToArray();
    }

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80) { s.WriteByte((byte)(v | 0x80)); v >>= 7; }
        s.WriteByte((byte)v);
    }

    private static void WriteVarintField(Stream s, int field, ulong v) { WriteVarint(s, (ulong)field << 3); WriteVarint(s, v); }

    private static void WriteFloat(Stream s, int field, float v)
    {
        WriteVarint(s, ((ulong)field << 3) | 5);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, v);
        if (!BitConverter.IsLittleEndian) b.Reverse();
        s.Write(b);
    }

    private static void WriteBytes(Stream s, int field, byte[] bytes)
    {
        WriteVarint(s, ((ulong)field << 3) | 2);
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static void WriteString(Stream s, int field, string text) => WriteBytes(s, field, Encoding.UTF8.GetBytes(text));
}
