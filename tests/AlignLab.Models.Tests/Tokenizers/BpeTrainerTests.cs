using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class BpeTrainerTests
{
    [Fact]
    public void TiesGoToTheLexicallySmallestPair()
    {
        // Every pair occurs once: "a b" < "c d" (ordinal), and "Ġ" (U+0120) sorts after "cd".
        var v = BpeTrainer.Train(["ab cd"], new BpeTrainerOptions(300, MinFrequency: 1));
        Assert.Equal([("a", "b"), ("c", "d"), ("Ġ", "cd")], v.Merges.Select(m => (m.Left, m.Right)));
        Assert.Equal(259, v.Vocab.Count);
        Assert.Equal(258, v.Vocab["Ġcd"]);
    }

    [Fact]
    public void MostFrequentPairMergesFirstAndMinFrequencyStops()
    {
        var v = BpeTrainer.Train(["xy xy xy ab"], new BpeTrainerOptions(1000, MinFrequency: 2));
        // "Ġx Ġy"... pairs: (x,y)=1, (Ġ,x)=2, (x,y) in " xy" twice more -> (x,y)=3 is the most frequent.
        Assert.Equal(("x", "y"), (v.Merges[0].Left, v.Merges[0].Right));
        Assert.Equal(("Ġ", "xy"), (v.Merges[1].Left, v.Merges[1].Right));
        Assert.Equal(2, v.Merges.Count);
    }

    [Fact]
    public void IsDeterministicAndIndependentOfCorpusOrder()
    {
        var corpus = TrainedTokenizer.Corpus();
        var reversed = Enumerable.Reverse(corpus).ToList();
        var options = new BpeTrainerOptions(400);
        var a = BpeTrainer.Train(corpus, options).Merges;
        var b = BpeTrainer.Train(reversed, options).Merges;
        Assert.Equal(a.Select(m => m.Left + " " + m.Right), b.Select(m => m.Left + " " + m.Right));
    }

    [Fact]
    public void SavedFilesReloadAndRoundTrip()
    {
        var trained = TrainedTokenizer.Instance;
        Assert.InRange(trained.VocabSize, 300, 600); // the small corpus runs out of pairs seen twice before 600
        var dir = HandBuiltBpe.NewDirectory();
        trained.Save(dir);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        var loaded = ByteLevelBpeTokenizer.FromDirectory(dir);
        foreach (var text in TrainedTokenizer.Corpus().Take(20).Append("unseen wörds 🚀 <|end|>"))
        {
            Assert.Equal(trained.Encode(text), loaded.Encode(text));
            Assert.Equal(text, loaded.Decode(loaded.Encode(text).ToArray()));
        }
        // Frequent corpus words became single tokens.
        Assert.Single(loaded.Encode(" teacher"));
        Assert.Equal(loaded.TokenToId(ChatTemplate.EndToken), loaded.Encode(ChatTemplate.EndToken).Single());
    }

    [Fact]
    public void RejectsAVocabTooSmallForTheBytes()
    {
        var ex = Assert.Throws<ArgumentException>(() => BpeTrainer.Train(["x"], new BpeTrainerOptions(257, SpecialTokens: ["<a>", "<b>"])));
        Assert.Contains("VocabSize 257", ex.Message);
    }
}
