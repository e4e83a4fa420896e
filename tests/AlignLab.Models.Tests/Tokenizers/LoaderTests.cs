using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class LoaderTests
{
    private static string Write(params (string Name, string Text)[] files)
    {
        var dir = HandBuiltBpe.NewDirectory();
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        return dir;
    }

    [Fact]
    public void TheThreeFormatsGiveTheSameTokenizer()
    {
        var expected = HandBuiltBpe.Create();
        string[] dirs =
        [
            Write(("vocab.json", HandBuiltBpe.VocabJson()), ("merges.txt", HandBuiltBpe.MergesText())),
            Write(("encoder.json", HandBuiltBpe.VocabJson()), ("vocab.bpe", HandBuiltBpe.MergesText())),
            Write(("tokenizer.json", HandBuiltBpe.TokenizerJson(mergesAsPairs: false))),
            Write(("tokenizer.json", HandBuiltBpe.TokenizerJson(mergesAsPairs: true))),
        ];
        const string text = "hello world, lol llo<|endoftext|>  日本 👍";
        foreach (var dir in dirs)
        {
            var tok = ByteLevelBpeTokenizer.FromDirectory(dir);
            Assert.Equal(expected.Encode(text), tok.Encode(text));
            Assert.Equal(262, tok.EndOfTextId);
            Assert.Equal(263, tok.VocabSize);
        }
    }

    private static string ErrorOf(params (string Name, string Text)[] files)
    {
        var dir = Write(files);
        var ex = Assert.ThrowsAny<Exception>(() => ByteLevelBpeTokenizer.FromDirectory(dir));
        Assert.True(ex is InvalidDataException or FileNotFoundException, ex.GetType().Name);
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message;
    }

    [Fact]
    public void MalformedFilesAreNamedInOneLine()
    {
        var bad = ErrorOf(("vocab.json", "{\"a\": 1,"), ("merges.txt", HandBuiltBpe.MergesText()));
        Assert.Contains("vocab.json", bad);
        Assert.Contains("not valid JSON", bad);

        bad = ErrorOf(("vocab.json", "{\"a\": \"x\"}"), ("merges.txt", ""));
        Assert.Contains("non-integer id", bad);

        bad = ErrorOf(("vocab.json", HandBuiltBpe.VocabJson()), ("merges.txt", "#version: 0.2\nh e\nll\n"));
        Assert.Contains("merges.txt line 3", bad);
        Assert.Contains("'ll'", bad);

        bad = ErrorOf(("vocab.json", HandBuiltBpe.VocabJson()), ("merges.txt", "#version: 0.2\nh e\nw o\n"));
        Assert.Contains("merges.txt line 3", bad);
        Assert.Contains("'wo', which is not in", bad);

        bad = ErrorOf(("vocab.json", "{\"a\": 0, \"b\": 1, \"ab\": 2}"), ("merges.txt", "a b\n"));
        Assert.Contains("single-byte token", bad);

        bad = ErrorOf(("encoder.json", HandBuiltBpe.VocabJson()));
        Assert.Contains("vocab.bpe", bad);

        bad = ErrorOf(("tokenizer.json", "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}"));
        Assert.Contains("Unigram", bad);

        bad = ErrorOf(("tokenizer.json", HandBuiltBpe.TokenizerJson(true).Replace("[\"h\",\"e\"]", "[\"h\"]")));
        Assert.Contains("model.merges[0]", bad);

        bad = ErrorOf(("notes.txt", "nothing"));
        Assert.Contains("no tokenizer", bad);
    }
}
