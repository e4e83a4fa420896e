using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;
using AlignLab.Models.Tests.Generation;

namespace AlignLab.Models.Tests.Policy;

public class SequenceLogProbsTests
{
    private static readonly int[][] Prompts = [[3, 17, 42, 8, 1], [11, 2]];
    private static readonly int[][] Completions = [[5, 60, 7], [9], [44, 45, 46, 47, 48, 49], []];

    [Theory]
    [InlineData("llama_tiny")]
    [InlineData("gpt2_tiny")]
    public void TotalsAreTheScorersTokenLogProbsSummedOverTheCompletion(string dir)
    {
        var model = ReferenceModels.Load(dir);
        var batch = CompletionBatch.FromCompletions(Prompts, Completions, samplesPerPrompt: 2);
        var scores = SequenceLogProbs.Compute(model, batch);
        var total = scores.Total.ToArray();
        var perToken = scores.PerToken.ToArray();
        int t = batch.Ids.Shape[1];
        Assert.Equal([4, t - 1], scores.PerToken.Shape.ToArray());
        for (int r = 0; r < 4; r++)
        {
            var prompt = Prompts[r / 2];
            var completion = Completions[r];
            double expected = 0;
            if (completion.Length > 0)
            {
                var lp = SequenceScorer.TokenLogProbs(model, prompt.Concat(completion).ToArray());
                for (int i = 0; i < completion.Length; i++)
                {
                    int at = prompt.Length - 1 + i;
                    Assert.True(Math.Abs(lp[at] - perToken[r * (t - 1) + at]) < 1e-4, $"row {r} token {i}");
                    expected += lp[at];
                }
            }
            Assert.True(Math.Abs(expected - total[r]) < 1e-4, $"row {r}: {total[r]} vs {expected}");
            for (int j = 0; j < t - 1; j++)
                if (j < prompt.Length - 1 || j >= prompt.Length - 1 + completion.Length) Assert.Equal(0f, perToken[r * (t - 1) + j]);
        }
        Assert.Equal(0f, total[3]);
    }

    [Fact]
    public void PaddingDoesNotChangeARowsValue()
    {
        var model = ReferenceModels.Load("llama_tiny");
        var alone = SequenceLogProbs.Compute(model, CompletionBatch.FromCompletions([Prompts[1]], [[9, 10]])).Total.Item();
        // The same row beside a much longer one, so it carries nine padding positions.
        var padded = SequenceLogProbs.Compute(model, CompletionBatch.FromCompletions(Prompts, [[5, 60, 7, 8, 9, 10, 11, 12], [9, 10]])).Total.ToArray()[1];
        Assert.True(Math.Abs(alone - padded) < 1e-5, $"{alone} vs {padded}");
    }

    [Theory]
    [InlineData("model.embed_tokens.weight", 5 * 64 + 3)]
    [InlineData("model.layers.1.self_attn.q_proj.weight", 17 * 64 + 40)]
    [InlineData("lm_head.weight", 60 * 64 + 11)]
    public void GradientMatchesCentralFiniteDifferences(string name, int element)
    {
        var model = ReferenceModels.Load("llama_tiny");
        var batch = CompletionBatch.FromCompletions(Prompts, Completions, samplesPerPrompt: 2);
        // A weighted sum, so the rows enter with different signs as in a policy-gradient loss.
        var weights = Tensor.FromArray([1f, -0.5f, 2f, 3f], 4);
        Tensor Objective() => (SequenceLogProbs.Compute(model, batch).Total * weights).Sum();
        var parameter = model.Module.NamedParameters().Single(p => p.Name == name).Parameter;
        model.Module.ZeroGrad();
        Objective().Backward();
        float analytic = parameter.Grad!.ToArray()[element];

        float original = parameter.AsSpan()[element], h = 1e-2f;
        double Value(float x)
        {
            parameter.AsSpan()[element] = x;
            using var _ = GradMode.NoGrad();
            return Objective().Item();
        }
        double numeric = (Value(original + h) - Value(original - h)) / (2 * h);
        parameter.AsSpan()[element] = original;
        Assert.True(Math.Abs(analytic) > 1e-3, $"{name}[{element}] has a vanishing gradient {analytic}; pick another element");
        Assert.True(Math.Abs(numeric - analytic) < 2e-2 * Math.Max(1, Math.Abs(numeric)), $"{name}[{element}]: autograd {analytic} vs finite differences {numeric}");
    }

    [Fact]
    public void UnderNoGradTheTotalsCarryNoGraph()
    {
        var model = ReferenceModels.Load("llama_tiny");
        using var _ = GradMode.NoGrad();
        var scores = SequenceLogProbs.Compute(model, CompletionBatch.FromCompletions(Prompts, Completions, 2));
        Assert.False(scores.Total.RequiresGrad);
    }
}
