using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Tests.Tokenizers;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Generation;

public class StopStringTests
{
    private static readonly ByteLevelBpeTokenizer Tokenizer = HandBuiltBpe.Create();

    private static (ContinuationText Text, List<string> Pieces, bool Stopped) Feed(string text, params string[] stops)
    {
        var c = new ContinuationText(Tokenizer, stops);
        var pieces = new List<string>();
        bool stopped = false;
        foreach (int id in Tokenizer.Encode(text))
        {
            stopped = c.Add(id);
            pieces.Add(c.TakeNewText());
            if (stopped) break;
        }
        c.Finish();
        pieces.Add(c.TakeNewText());
        return (c, pieces, stopped);
    }

    [Fact]
    public void TextIsCutBeforeTheStopStringAndTokensReachingIntoItAreDropped()
    {
        // "hello world" is hello(259) Ġw(260) o r l d; " wor" starts at the space, which token 260 carries.
        var (c, _, stopped) = Feed("hello world", " wor");
        Assert.True(stopped);
        Assert.Equal("hello", c.Text);
        Assert.Equal([259], c.Ids);
        // "lo w" starts inside "hello", so no whole token precedes it while the text keeps "hel".
        (c, _, _) = Feed("hello world", "lo w");
        Assert.Equal("hel", c.Text);
        Assert.Empty(c.Ids);
    }

    [Fact]
    public void TheEarliestOccurrenceOfAnyStopStringWins()
    {
        var (c, _, _) = Feed("hello world", "world", "lo");
        Assert.Equal("hel", c.Text);
        (c, _, _) = Feed("hello hello", "ll");
        Assert.Equal("he", c.Text);
    }

    [Fact]
    public void WithoutAStopStringTheWholeTextAndIdsComeBack()
    {
        var (c, pieces, stopped) = Feed("hello world", "xyz");
        Assert.False(stopped);
        Assert.Equal("hello world", c.Text);
        Assert.Equal(Tokenizer.Encode("hello world"), c.Ids);
        Assert.Equal("hello world", string.Concat(pieces));
    }

    [Fact]
    public void StreamingHoldsBackATailThatMayBecomeAStopString()
    {
        // After "hello w" the "w" may start "wx", so only "hello " is final; the next "o" rules that out.
        var (_, pieces, _) = Feed("hello wow", "wx");
        Assert.Equal(["hello", " ", "wo", "", "w"], pieces);
        (_, pieces, _) = Feed("hello w", "wx");
        Assert.Equal(["hello", " ", "w"], pieces); // released by Finish
        (_, pieces, _) = Feed("hello wxz", "wx");
        Assert.Equal(["hello", " ", "", ""], pieces); // the held-back "w" began the stop string, so it never appears
    }

    [Fact]
    public void SplitUtf8CharactersWaitForTheirLastByteAndMatchDecodeWhenCut()
    {
        var c = new ContinuationText(Tokenizer, []);
        var ids = Tokenizer.Encode("é!"); // three byte tokens: C3 A9 '!'
        Assert.Equal(3, ids.Count);
        c.Add(ids[0]);
        Assert.Equal("", c.TakeNewText());
        c.Add(ids[1]);
        Assert.Equal("é", c.TakeNewText());

        var cutShort = new ContinuationText(Tokenizer, []);
        cutShort.Add(ids[0]);
        cutShort.Finish();
        Assert.Equal(Tokenizer.Decode([ids[0]]), cutShort.Text);
        Assert.Equal("\uFFFD", cutShort.TakeNewText());
    }

    [Fact]
    public void AStopStringBeginningInsideASplitCharacterDropsTheTokenHoldingItsFirstByte()
    {
        var ids = Tokenizer.Encode("aé");
        var c = new ContinuationText(Tokenizer, ["é"]);
        foreach (int id in ids) c.Add(id);
        Assert.True(c.Stopped);
        Assert.Equal("a", c.Text);
        Assert.Equal(ids[..1], c.Ids);
    }

    [Fact]
    public void EmptyStopStringsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ContinuationText(Tokenizer, [""]));
        Assert.Throws<ArgumentException>(() => new GenerationOptions { StopStrings = [""] }.Validate());
    }

    private static Gpt2Model TinyModel() =>
        new(new Gpt2Config { VocabSize = Tokenizer.VocabSize, NPositions = 64, NEmbd = 32, NLayer = 2, NHead = 2 }, new Generator(3));

    [Fact]
    public void CompleteStopsAtTheStopStringAndStreamsTheSameText()
    {
        var model = TinyModel();
        int[][] prompts = [[.. Tokenizer.Encode("hello world")], [.. Tokenizer.Encode("hello")]];
        var options = new GenerationOptions { MaxNewTokens = 40 };
        var full = TextGenerator.Complete(model, Tokenizer, prompts, options);
        Assert.Equal(TextGenerator.Generate(model, prompts, options), full.Select(c => c.Ids));
        Assert.All(full, c => Assert.Equal(FinishReason.Length, c.FinishReason));
        Assert.All(full, c => Assert.Equal(Tokenizer.Decode(c.Ids), c.Text));

        // A stop string taken from the middle of the first continuation; the second one may or may not contain it.
        string stop = full[0].Text.Substring(full[0].Text.Length / 2, 3);
        var streamed = new[] { "", "" };
        var cut = TextGenerator.Complete(model, Tokenizer, prompts, options with { StopStrings = [stop] }, onText: (i, s) => streamed[i] += s);
        for (int i = 0; i < 2; i++)
        {
            int at = full[i].Text.IndexOf(stop, StringComparison.Ordinal);
            Assert.Equal(at >= 0 ? full[i].Text[..at] : full[i].Text, cut[i].Text);
            Assert.Equal(at >= 0 ? FinishReason.Stop : FinishReason.Length, cut[i].FinishReason);
            Assert.Equal(cut[i].Text, streamed[i]);
            // The kept ids are the longest prefix whose text ends before the stop string.
            int k = cut[i].Ids.Length;
            Assert.Equal(full[i].Ids[..k], cut[i].Ids);
            Assert.StartsWith(Tokenizer.Decode(cut[i].Ids), cut[i].Text, StringComparison.Ordinal);
            if (at >= 0) Assert.True(Tokenizer.Decode(full[i].Ids[..(k + 1)]).Length > at);
        }
        Assert.Equal(FinishReason.Stop, cut[0].FinishReason);
        Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, prompts, options with { StopStrings = [stop] }));
    }

    [Fact]
    public void StopIdEndsACompletionWithStopAndCancellationAbortsIt()
    {
        var model = TinyModel();
        int[] prompt = [.. Tokenizer.Encode("hello")];
        var full = TextGenerator.Complete(model, Tokenizer, [prompt], new GenerationOptions { MaxNewTokens = 20 })[0];
        int stopId = full.Ids[5];
        var stopped = TextGenerator.Complete(model, Tokenizer, [prompt], new GenerationOptions { MaxNewTokens = 20, StopIds = [stopId] })[0];
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.Equal(full.Ids[..Array.IndexOf(full.Ids, stopId)], stopped.Ids);
        Assert.Equal(Tokenizer.Decode(stopped.Ids), stopped.Text);

        using var cts = new CancellationTokenSource();
        int pieces = 0;
        Assert.Throws<OperationCanceledException>(() => TextGenerator.Complete(model, Tokenizer, [prompt], new GenerationOptions { MaxNewTokens = 20 },
            onText: (_, _) => { if (++pieces == 2) cts.Cancel(); }, cancellationToken: cts.Token));
        Assert.Equal(2, pieces);
    }
}
