using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Tests.Tokenizers;

namespace AlignLab.Models.Tests.Generation;

public class LogProbTests
{
    [Fact]
    public void OfIsLogSoftmaxWithTheTopTokensDescendingAndTiesByLowerId()
    {
        float[] logits = [1f, 3f, 3f, 0f, -2f];
        var lp = TokenLogProb.Of(logits, 0, 3, new float[8]);
        double logZ = Math.Log(Math.Exp(1) + 2 * Math.Exp(3) + Math.Exp(0) + Math.Exp(-2));
        Assert.Equal(0, lp.Id);
        Assert.Equal(1 - logZ, lp.LogProb, 5);
        Assert.Equal([1, 2, 0], lp.Top.Select(t => t.Id));
        Assert.Equal([3 - logZ, 3 - logZ, 1 - logZ], lp.Top.Select(t => (double)t.LogProb), new ToleranceComparer(1e-5));
        Assert.All(lp.Top, t => Assert.Empty(t.Top));
        Assert.Empty(TokenLogProb.Of(logits, 4, 0, new float[5]).Top);
        Assert.Equal(5, TokenLogProb.Of(logits, 4, 9, new float[5]).Top.Length);
    }

    [Fact]
    public void CompletionLogProbsEqualTheScorersAndFollowTheStopCut()
    {
        var tokenizer = HandBuiltBpe.Create();
        var model = new Gpt2Model(new Gpt2Config { VocabSize = tokenizer.VocabSize, NPositions = 64, NEmbd = 32, NLayer = 2, NHead = 2 }, new Generator(3));
        int[] prompt = [.. tokenizer.Encode("hello world")];
        var options = new GenerationOptions { MaxNewTokens = 20, LogProbs = true, TopLogProbs = 4 };
        var c = TextGenerator.Complete(model, tokenizer, [prompt], options)[0];
        var logProbs = c.LogProbs!;
        Assert.Equal(c.Ids, logProbs.Select(l => l.Id));
        var scored = SequenceScorer.TokenLogProbs(model, [.. prompt, .. c.Ids]);
        for (int j = 0; j < c.Ids.Length; j++)
        {
            var lp = logProbs[j];
            Assert.True(Math.Abs(scored[prompt.Length - 1 + j] - lp.LogProb) < 1e-4, $"token {j}: {lp.LogProb} vs scorer {scored[prompt.Length - 1 + j]}");
            Assert.Equal(4, lp.Top.Length);
            Assert.Equal(lp.Id, lp.Top[0].Id); // greedy picks the most likely token
            for (int k = 1; k < 4; k++) Assert.True(lp.Top[k - 1].LogProb >= lp.Top[k].LogProb);
        }

        string stop = c.Text.Substring(c.Text.Length / 2, 2);
        var cut = TextGenerator.Complete(model, tokenizer, [prompt], options with { StopStrings = [stop] })[0];
        Assert.Equal(cut.Ids.Length, cut.LogProbs!.Length);
        Assert.NotEqual(c.Ids.Length, cut.Ids.Length);
        Assert.Equal(logProbs[..cut.Ids.Length].Select(l => l.LogProb), cut.LogProbs.Select(l => l.LogProb));
        Assert.Null(TextGenerator.Complete(model, tokenizer, [prompt], options with { LogProbs = false })[0].LogProbs);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double x) => 0;
    }
}
