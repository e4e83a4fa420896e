using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class Gpt2PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm here, you'll see", new[] { "I", "'m", " here", ",", " you", "'ll", " see" })]
    // GPT-2's contractions are case-sensitive: upper-case ones fall apart.
    [InlineData("DON'T I'M", new[] { "DON", "'", "T", " I", "'", "M" })]
    [InlineData("a   b", new[] { "a", "  ", " b" })]
    [InlineData("x\n\n  y\n", new[] { "x", "\n\n ", " y", "\n" })]
    [InlineData("abc123 4567!!", new[] { "abc", "123", " 4567", "!!" })]
    [InlineData("café 日本語", new[] { "café", " 日本語" })]
    [InlineData("hi 👍🏽!", new[] { "hi", " 👍🏽!" })]
    public void SplitsLikeGpt2(string text, string[] expected) => Assert.Equal(expected, Gpt2PreTokenizer.Split(text));
}
