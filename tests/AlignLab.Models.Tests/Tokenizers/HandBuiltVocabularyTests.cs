using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class HandBuiltVocabularyTests
{
    private static int B(char c) => c - 0x21; // id of a printable ASCII byte in GPT-2 order

    [Fact]
    public void EncodesByMergeRank()
    {
        var tok = HandBuiltBpe.Create();
        // "hello": h e l l o -> (h,e) rank 0 -> (l,l) rank 1 -> (he,ll) -> (hell,o) = 259.
        // " world": Ġ w o r l d -> only (Ġ,w) has a rank -> 260 o r l d.
        Assert.Equal([259, 260, B('o'), B('r'), B('l'), B('d')], tok.Encode("hello world"));
        // "lol": (l,o) is the only ranked pair; the later "l" stays alone.
        Assert.Equal([261, B('l')], tok.Encode("lol"));
        // "llo": (l,l) outranks (l,o), so "ll" wins even though "lo" would also be possible.
        Assert.Equal([257, B('o')], tok.Encode("llo"));
    }

    [Fact]
    public void SpecialTokensAreMatchedWhole()
    {
        var tok = HandBuiltBpe.Create();
        Assert.Equal(262, tok.EndOfTextId);
        Assert.Equal([B('h'), B('i'), 262, 220, B('x')], tok.Encode("hi<|endoftext|> x"));
        // A space before the marker stays a space; the regex alternative would have eaten it as " <|".
        Assert.Equal([220, 262], tok.Encode(" <|endoftext|>"));
        var plain = tok.Encode("<|endoftext|>", allowSpecial: false);
        Assert.DoesNotContain(262, plain);
        Assert.Equal("<|endoftext|>", tok.Decode(plain.ToArray()));
        Assert.Equal("a<|endoftext|>b", tok.Decode(tok.Encode("a<|endoftext|>b").ToArray()));
    }

    [Fact]
    public void DecodeReplacesCutCodePoints()
    {
        var tok = HandBuiltBpe.Create();
        var ids = tok.Encode("é"); // two bytes, no merge
        Assert.Equal(2, ids.Count);
        Assert.Equal("\uFFFD", tok.Decode([ids[0]]));
        Assert.Equal("é", tok.Decode(ids.ToArray()));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => tok.Decode([9999]));
        Assert.Contains("9999", ex.Message);
    }

    [Fact]
    public void RepeatedEncodingUsesTheSameResultAsTheFirst()
    {
        var tok = HandBuiltBpe.Create();
        var first = tok.Encode("hello hello hello");
        Assert.Equal([259, 220, 259, 220, 259], first); // " hello" has no Ġh merge: Ġ then hello
        Assert.Equal(first, tok.Encode("hello hello hello"));
    }
}
