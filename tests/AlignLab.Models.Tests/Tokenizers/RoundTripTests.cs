using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class RoundTripTests
{
    public static readonly TheoryData<string> TrickyTexts = new()
    {
        "",
        "Hello, world! It's 2024; we'll see what you've done. I'd say they're right, I'm sure.",
        "DON'T SHOUT, I'LL LISTEN. It'S mIxEd",
        "    leading spaces, trailing spaces    ",
        "tabs\tand\r\nwindows\r\nlines\n\n\n   \n \t \n",
        "digits 0 12 345 6789 3.14159 1,000,000 0x1F",
        "accents: café naïve Ångström façade résumé; combining e\u0301",
        "CJK: 日本語のテキスト、中文文本，한국어 텍스트",
        "emoji 👍🏽 👨‍👩‍👧‍👦 🇫🇷 🚀🚀🚀",
        "math 𝐀𝐁𝐂 and symbols ∑∫√ ← → ©®™",
        "controls \u0000\u0001\u001F\u007F\u0085\u00A0\u00AD\u2028 end",
        "<|endoftext|> between <|endoftext|><|endoftext|> markers",
        "'s't're've'm'll'd ''' '",
    };

    public static IEnumerable<ByteLevelBpeTokenizer> Tokenizers()
    {
        yield return HandBuiltBpe.Create();
        yield return TrainedTokenizer.Instance;
    }

    [Theory]
    [MemberData(nameof(TrickyTexts))]
    public void DecodeInvertsEncode(string text)
    {
        foreach (var tok in Tokenizers())
        {
            Assert.Equal(text, tok.Decode(tok.Encode(text).ToArray()));
            Assert.Equal(text, tok.Decode(tok.Encode(text, allowSpecial: false).ToArray()));
        }
    }

    [Fact]
    public void LoneSurrogatesBecomeReplacementCharacters()
    {
        foreach (var tok in Tokenizers())
        {
            Assert.Equal("a\uFFFDb\uFFFD", tok.Decode(tok.Encode("a\uD800b\uDC00").ToArray()));
            Assert.Equal("\uFFFD😀", tok.Decode(tok.Encode("\uDBFF😀").ToArray()));
        }
    }

    [Fact]
    public void EveryTokenIdIsUsedConsistently()
    {
        // Encoding is a function of the text alone: the second pass hits the cache and must agree.
        var tok = TrainedTokenizer.Instance;
        var text = TrainedTokenizer.Corpus()[3];
        Assert.Equal(tok.Encode(text), tok.Encode(text));
    }
}

/// <summary>A tokenizer trained once on a generated corpus, shared by tests.</summary>
internal static class TrainedTokenizer
{
    public static readonly ByteLevelBpeTokenizer Instance = new(BpeTrainer.Train(Corpus(), new BpeTrainerOptions(600, SpecialTokens: [BpeVocabulary.EndOfText, .. ChatTemplate.SpecialTokens])));

    public static List<string> Corpus()
    {
        string[] subjects = ["the cat", "a dog", "The teacher", "my friend", "Ada", "the robot"];
        string[] verbs = ["sees", "likes", "doesn't like", "found", "will find", "is reading"];
        string[] objects = ["the ball", "a book about café culture", "42 apples", "日本語の本", "the old house", "some 🍎 fruit"];
        var texts = new List<string>();
        for (int i = 0; i < 300; i++)
            texts.Add($"{subjects[i % 6]} {verbs[(i / 6) % 6]} {objects[(i / 36) % 6]}.\n");
        return texts;
    }
}
