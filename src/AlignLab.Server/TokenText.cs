using System.Text.Unicode;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server;

/// <summary>How a single token is shown in log-probability answers.</summary>
internal static class TokenText
{
    /// <summary>The token's text; a token whose bytes are not valid UTF-8 on their own (part of a character) is written
    /// as OpenAI does, <c>bytes:\xNN...</c>, so that distinct tokens never look alike.</summary>
    public static string Of(ITextTokenizer tokenizer, int id)
    {
        var bytes = tokenizer.BytesOf(id);
        if (Utf8.IsValid(bytes)) return tokenizer.Decode([id]);
        var sb = new System.Text.StringBuilder("bytes:");
        foreach (byte b in bytes) sb.Append($"\\x{b:x2}");
        return sb.ToString();
    }

    /// <summary>The token's UTF-8 bytes as numbers (the chat API's <c>bytes</c> field).</summary>
    public static int[] Bytes(ITextTokenizer tokenizer, int id)
    {
        var bytes = tokenizer.BytesOf(id);
        var result = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) result[i] = bytes[i];
        return result;
    }
}
