using AlignLab.Core;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;
using AlignLab.Models.Tests.Generation;

namespace AlignLab.Models.Tests.Policy;

public class CompletionBatchTests
{
    [Fact]
    public void GivenCompletionsAreRightPaddedAfterTheirPromptWithAMaskOnTheCompletionOnly()
    {
        int[][] prompts = [[5, 6], [7]];
        int[][] completions = [[1, 2], [3], [], [4, 4, 4]];
        var batch = CompletionBatch.FromCompletions(prompts, completions, samplesPerPrompt: 2);
        Assert.Equal([4, 4], batch.Ids.Shape.ToArray());
        Assert.Equal([5, 6, 1, 2, 5, 6, 3, 0, 7, 0, 0, 0, 7, 4, 4, 4], batch.Ids.Data);
        Assert.Equal([0f, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1], batch.CompletionMask.ToArray());
        Assert.Equal([0, 0, 1, 1], Enumerable.Range(0, 4).Select(batch.PromptOf));
        Assert.Equal([2, 2, 1, 1], batch.PromptLengths);
        Assert.Equal(2, batch.PromptCount);
    }

    [Fact]
    public void SamplesAreTheGeneratorsDrawsCutAfterTheFirstStopId()
    {
        var model = ReferenceModels.Load("llama_tiny");
        int[][] prompts = [[3, 17, 42, 8], [11, 2]];
        // A tenth of the vocabulary stops, so some of the rows end early and some run to the budget.
        int[] stops = Enumerable.Range(0, 10).ToArray();
        var options = new GenerationOptions { MaxNewTokens = 6, Temperature = 1f, StopIds = stops };
        var batch = CompletionBatch.Sample(model, prompts, 3, options, new Generator(7));

        // The plain generator on the same six rows and seed: the same tokens, with the stop token dropped.
        int[][] rows = [prompts[0], prompts[0], prompts[0], prompts[1], prompts[1], prompts[1]];
        var reference = TextGenerator.Generate(model, rows, options, new Generator(7));
        Assert.Equal(6, batch.Rows);
        Assert.Contains(true, batch.Stopped);
        Assert.Contains(false, batch.Stopped);
        for (int r = 0; r < 6; r++)
        {
            var completion = batch.Completions[r];
            if (batch.Stopped[r])
            {
                Assert.Contains(completion[^1], stops);
                Assert.Equal(reference[r], completion[..^1]);
            }
            else
            {
                Assert.Equal(6, completion.Length);
                Assert.Equal(reference[r], completion);
            }
            Assert.DoesNotContain(completion[..^1], stops.Contains);
            int t = batch.Ids.Shape[1], start = prompts[r / 3].Length;
            Assert.Equal(rows[r].Concat(completion), batch.Ids.Data.AsSpan(r * t, start + completion.Length).ToArray());
            var mask = batch.CompletionMask.ToArray().AsSpan(r * t, t).ToArray();
            Assert.Equal(Enumerable.Range(0, t).Select(i => i >= start && i < start + completion.Length ? 1f : 0f), mask);
        }
    }

    [Fact]
    public void GreedySamplesOfOnePromptAreIdentical()
    {
        var model = ReferenceModels.Load("llama_tiny");
        var batch = CompletionBatch.Sample(model, [[3, 17, 42]], 4, new GenerationOptions { MaxNewTokens = 5 }, null);
        for (int r = 1; r < 4; r++) Assert.Equal(batch.Completions[0], batch.Completions[r]);
        Assert.Equal(TextGenerator.Generate(model, [3, 17, 42], new GenerationOptions { MaxNewTokens = 5 }), batch.Completions[0]);
    }

    [Fact]
    public void BadInputNamesTheField()
    {
        Assert.Contains("completions", Assert.Throws<ArgumentException>(() => CompletionBatch.FromCompletions([[1]], [[2], [3]], 1)).Message);
        Assert.Contains("prompt 1", Assert.Throws<ArgumentException>(() => CompletionBatch.FromCompletions([[1], []], [[2], [3]], 1)).Message);
        Assert.Contains("samplesPerPrompt", Assert.Throws<ArgumentException>(() => CompletionBatch.FromCompletions([[1]], [[2]], 0)).Message);
        var model = ReferenceModels.Load("llama_tiny");
        var options = new GenerationOptions { StopStrings = ["x"] };
        Assert.Contains("StopStrings", Assert.Throws<ArgumentException>(() => CompletionBatch.Sample(model, [[1]], 2, options, null)).Message);
    }
}
