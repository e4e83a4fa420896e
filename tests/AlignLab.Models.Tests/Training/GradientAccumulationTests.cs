using AlignLab.Core.Tests;
using AlignLab.Models.Corpora;
using AlignLab.Models.Data;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

public class GradientAccumulationTests
{
    /// <summary>
    /// Examples of different lengths and completion sizes: a plain mean of micro-batch means would weight them wrongly,
    /// so only token-share weighting makes k micro-batches of one match one batch of k.
    /// </summary>
    [Fact]
    public void KMicroBatchesAccumulateTheGradientOfOneBatchOfK()
    {
        var pairs = WorldCorpus.QuestionAnswers(TinyTraining.World);
        var examples = new[] { 0, 5, 12, 20 }.Select(i => ExampleEncoder.PromptCompletion(pairs[i].Prompt, pairs[i].Completion, TinyTraining.Tokenizer, 64, "t")).ToList();
        Assert.True(examples.Select(e => e.TrainedCount).Distinct().Count() > 1 || examples.Select(e => e.Ids.Length).Distinct().Count() > 1);

        var whole = TinyTraining.Gpt2();
        double lossWhole = GradientAccumulation.Backward(whole, [Batch.Collate(examples)]);
        var split = TinyTraining.Gpt2();
        double lossSplit = GradientAccumulation.Backward(split, examples.Select(e => Batch.Collate([e])).ToList());

        Assert.Equal(lossWhole, lossSplit, 5);
        var a = whole.NamedParameters().ToList();
        var b = split.NamedParameters().ToList();
        for (int i = 0; i < a.Count; i++)
            Assertions.Close(a[i].Parameter.Grad!, b[i].Parameter.Grad!, 1e-3f, 1e-6f, a[i].Name);
    }
}
