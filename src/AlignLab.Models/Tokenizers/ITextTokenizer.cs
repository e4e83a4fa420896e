namespace AlignLab.Models.Tokenizers;

/// <summary>
/// What generation, scoring, serving and training need from a tokenizer, whichever kind a folder holds: our byte-level
/// BPE (<see cref="ByteLevelBpeTokenizer"/>), a SentencePiece model or Llama 3's BPE (both through Microsoft.ML.Tokenizers).
/// <see cref="TokenizerLoader.Load"/> picks the implementation from the files present.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Which implementation this is and what it was loaded from, for messages and <c>tokenize --json</c>.</summary>
    string Kind { get; }

    /// <summary>One more than the largest id.</summary>
    int VocabSize { get; }

    IReadOnlyList<string> SpecialTokens { get; }

    /// <summary>The end-of-text (EOS) id generation stops at, or null when the vocabulary has none.</summary>
    int? EndOfTextId { get; }

    /// <summary>The id a whole prompt or document starts with (Llama's <c>&lt;s&gt;</c>), or null when the model expects none.</summary>
    int? BeginOfTextId { get; }

    /// <summary>The chat format: the folder's <c>chat_template</c>, else AlignLab's own when the vocabulary has its markers; null otherwise.</summary>
    IChatFormat? Chat { get; }

    bool TryTokenToId(string token, out int id);

    int TokenToId(string token);

    bool IsSpecial(int id);

    /// <summary>Encodes text without adding BOS/EOS; with <paramref name="allowSpecial"/> special-token strings become their ids.</summary>
    List<int> Encode(string text, bool allowSpecial = true);

    void Encode(ReadOnlySpan<char> text, List<int> output, bool allowSpecial = true);

    /// <summary>Decodes ids to text; bytes that are not valid UTF-8 become U+FFFD.</summary>
    string Decode(ReadOnlySpan<int> ids);

    /// <summary>The raw bytes a token stands for in running text (a special token's UTF-8 text), so streams can be decoded piece by piece.</summary>
    ReadOnlySpan<byte> BytesOf(int id);

    /// <summary>Writes the tokenizer's files into <paramref name="directory"/> (next to a saved model), each atomically.</summary>
    void Save(string directory);
}

public static class TextTokenizerExtensions
{
    /// <summary>A whole prompt or document as the model saw them in training: BOS (when the tokenizer has one) then the text.</summary>
    public static int[] EncodeDocument(this ITextTokenizer tokenizer, string text)
    {
        var ids = new List<int>(text.Length / 3 + 2);
        if (tokenizer.BeginOfTextId is int bos) ids.Add(bos);
        tokenizer.Encode(text, ids);
        return [.. ids];
    }
}
