using AlignLab.Core.IO;
using AlignLab.Core.Tests;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Tests.Generation;

public class SequenceScorerTests
{
    [Fact]
    public void LogProbsNllAndPerplexityFollowThePyTorchLogits()
    {
        var model = ReferenceModels.Load("llama_tiny");
        using var reference = SafeTensorsFile.Open(TestPaths.Reference("llama_tiny_ref.safetensors"));
        var ids = reference.ReadInts("input_ids");
        var logits = reference.ReadTensor("logits").ToArray();
        int t = ids.Shape[1], v = 97;
        double totalNll = 0;
        var rows = new List<int[]>();
        for (int b = 0; b < ids.Shape[0]; b++)
        {
            var row = ids.Data.AsSpan(b * t, t).ToArray();
            rows.Add(row);
            var ours = SequenceScorer.TokenLogProbs(model, row);
            Assert.Equal(t - 1, ours.Length);
            double nll = 0;
            for (int i = 0; i < t - 1; i++)
            {
                // log_softmax of PyTorch's logits at position i, read at the next token (double precision)
                var z = logits.AsSpan((b * t + i) * v, v);
                double max = double.NegativeInfinity, sum = 0;
                foreach (var x in z) max = Math.Max(max, x);
                foreach (var x in z) sum += Math.Exp(x - max);
                double expected = z[row[i + 1]] - max - Math.Log(sum);
                Assert.True(Math.Abs(expected - ours[i]) < 1e-4, $"row {b} position {i}: {ours[i]} vs {expected}");
                nll -= expected;
            }
            Assert.Equal(nll, SequenceScorer.Nll(model, row), 3);
            totalNll += nll;
        }
        Assert.Equal(Math.Exp(totalNll / (2 * (t - 1))), SequenceScorer.Perplexity(model, rows), 3);
    }

    [Theory]
    [InlineData("gpt2_tiny")]
    [InlineData("llama_tiny")]
    public void SequencesOfDifferentLengthsScoreTogetherAsAlone(string dir)
    {
        var model = ReferenceModels.Load(dir);
        int[][] sequences = [[3, 14, 15, 92, 65, 35, 89], [7, 9], [2, 71, 82, 81]];
        var together = SequenceScorer.TokenLogProbs(model, sequences);
        for (int s = 0; s < sequences.Length; s++)
        {
            var alone = SequenceScorer.TokenLogProbs(model, sequences[s].AsSpan());
            Assert.Equal(alone.Length, together[s].Length);
            for (int i = 0; i < alone.Length; i++) Assert.Equal(alone[i], together[s][i], 1e-4f);
        }
        Assert.Equal(SequenceScorer.Perplexity(model, sequences, batch: 1), SequenceScorer.Perplexity(model, sequences), 4);
    }

    [Fact]
    public void BadInputNamesTheProblem()
    {
        var model = ReferenceModels.Load("gpt2_tiny");
        Assert.Contains("at least 2 tokens", Assert.Throws<ArgumentException>(() => SequenceScorer.TokenLogProbs(model, [5])).Message);
        Assert.Contains("token id 97", Assert.Throws<ArgumentException>(() => SequenceScorer.TokenLogProbs(model, [5, 97])).Message);
    }
}
