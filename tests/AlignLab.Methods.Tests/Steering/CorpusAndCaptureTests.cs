using AlignLab.Core;
using AlignLab.Methods.Steering;
using AlignLab.Methods.Steering.Experiments;

namespace AlignLab.Methods.Tests.Steering;

/// <summary>User-supplied text classes, history files, whole-text features and the fluency-matched comparison.</summary>
public class CorpusAndCaptureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"alignlab-steer-{Guid.NewGuid():N}");

    public CorpusAndCaptureTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void TextClassesSplitIntoDisjointPartsAndHistoriesHaveTheRequestedShare()
    {
        var lines = new List<string>();
        for (int i = 0; i < 9; i++) lines.Add($"{{\"text\": \"sport text {i}\", \"label\": \"sport\"}}");
        for (int i = 0; i < 7; i++) lines.Add($"{{\"text\": \"food text {i}\", \"label\": \"food\", \"id\": {i}}}");
        var corpus = TextClassCorpus.Load(Write("classes.jsonl", [.. lines]));
        Assert.Equal(["sport", "food"], corpus.Classes);
        var pool = corpus.Labelled(100, CorpusPart.Pool, new Generator(1));
        var judge = corpus.Labelled(100, CorpusPart.Judge, new Generator(1));
        var history = Enumerable.Range(0, 2).SelectMany(k => corpus.HistoryTexts(k)).Select(t => t.Text).ToList();
        Assert.Equal(9 + 7, pool.Count + judge.Count + history.Count);
        Assert.Empty(pool.Select(d => d.Text).Intersect(judge.Select(d => d.Text)));
        Assert.Empty(pool.Select(d => d.Text).Concat(judge.Select(d => d.Text)).Intersect(history));
        Assert.All(pool, d => Assert.Equal(d.Topic == 0 ? "sport" : "food", d.Text.Split(' ')[0]));
        var h = corpus.History(1, 0, 0.3, 50, new Generator(2));
        Assert.Equal(15, h.Count(d => d.Topic == 1));
        Assert.All(h, d => Assert.Contains(d.Text, history));
        Assert.Equal(["", ""], corpus.NeutralPrompts(2, new Generator(3)));
    }

    [Theory]
    [InlineData("{\"text\": \"a\", \"label\": \"x\"}\nnot json", "classes.jsonl:2: invalid JSON at byte 1")]
    [InlineData("{\"text\": \"a\"}", "classes.jsonl:1: field \"label\" is missing")]
    [InlineData("{\"text\": \"\", \"label\": \"x\"}", "classes.jsonl:1: field \"text\" is empty")]
    [InlineData("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"x\"}\n{\"text\": \"c\", \"label\": \"x\"}", "classes.jsonl: steering needs at least 2 classes, found 1 ('x')")]
    [InlineData("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"x\"}\n{\"text\": \"c\", \"label\": \"x\"}\n{\"text\": \"d\", \"label\": \"y\"}", "classes.jsonl: class 'y' has 1 text(s); each class needs at least 3 (probe pool, judge, history)")]
    public void BadClassFilesAreOneLineNamingTheCulprit(string content, string expected)
    {
        var path = Write("classes.jsonl", content.Split('\n'));
        var e = Assert.Throws<InvalidDataException>(() => TextClassCorpus.Load(path));
        Assert.Equal(expected, e.Message.Replace(_dir + Path.DirectorySeparatorChar, ""));
    }

    [Fact]
    public void HistoryFileKeepsTextsAndWhereAndRejectsBadLines()
    {
        var (texts, where) = HistoryFile.Load(Write("h.jsonl", "{\"text\": \"one\", \"id\": 3}", "", "{\"text\": \"two\"}"));
        Assert.Equal(["one", "two"], texts);
        Assert.EndsWith("h.jsonl:3", where[1]);
        var e = Assert.Throws<InvalidDataException>(() => HistoryFile.Load(Write("bad.jsonl", "{\"text\": \"one\"}", "{\"text\": 5}")));
        Assert.EndsWith("bad.jsonl:2: field \"text\" must be a string, got a number", e.Message);
        Assert.Throws<InvalidDataException>(() => HistoryFile.Load(Write("empty.jsonl", "")));
    }

    [Fact]
    public void WholeTextFeaturesAreTheMeanOfEveryTokenWhateverTheBatch()
    {
        var dir = StyleModel.GetOrTrain(StyleModelSpec.Default);
        var lab = new SteeringLab(dir, new LabSettings { PoolPerTopic = 2, JudgePerTopic = 2, Span = FeatureSpan.WholeText });
        string[] texts = ["Ada sailed the boat.", "Then the long soup near the oven felt lovely and the bread was great."];
        var together = ActivationCapture.Capture(lab.Model, lab.Tokenizer, texts, FeatureSpan.WholeText);
        for (int i = 0; i < texts.Length; i++)
        {
            var alone = ActivationCapture.Capture(lab.Model, lab.Tokenizer, [texts[i]], FeatureSpan.WholeText);
            for (int l = 0; l < lab.LayerCount; l++)
                for (int c = 0; c < together.Dim; c++) Assert.Equal(alone.At(l)[0][c], together.At(l)[i][c], 4);
        }
        // The mean of the per-token concatenated rows over the same tokens.
        int n = ActivationCapture.Prompt(lab.Tokenizer, texts[0]).Length - 1;
        var concat = ActivationCapture.Capture(lab.Model, lab.Tokenizer, [texts[0]], new FeatureSpan(1, n));
        for (int c = 0; c < together.Dim; c++)
        {
            double m = 0;
            for (int j = 0; j < n; j++) m += concat.At(1)[0][j * together.Dim + c] / n;
            Assert.Equal(m, together.At(1)[0][c], 4);
        }
        var e = Assert.Throws<ArgumentException>(() => ActivationCapture.Capture(lab.Model, lab.Tokenizer, ["Ada"], FeatureSpan.Default, where: ["h.jsonl:4"]));
        Assert.StartsWith("h.jsonl:4: the text has", e.Message);
    }

    [Fact]
    public void FluencyMatchedSuccessInterpolatesInLogPerplexity()
    {
        (double, double) unsteered = (2, 0.2);
        // Perplexity 6 lies halfway, in log, between 3 and 12.
        Assert.Equal(0.65, FluencyMatched.SuccessAt(6, unsteered, [(3, 0.5), (12, 0.8)]), 12);
        Assert.Equal(0.5, FluencyMatched.SuccessAt(3, unsteered, [(3, 0.5), (12, 0.8)]), 12);
        // Already past the bound at the first α: between the unsteered point and it.
        Assert.Equal(0.2 + 0.5 * 0.3, FluencyMatched.SuccessAt(Math.Sqrt(8), unsteered, [(4, 0.5)]), 12);
        // Never reaching the bound: the strongest α.
        Assert.Equal(0.8, FluencyMatched.SuccessAt(100, unsteered, [(3, 0.5), (12, 0.8)]), 12);
    }
}
