using AlignLab.Core.Tests;
using AlignLab.Models.Data;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class GradientAccumulationTests
{
    /// <summary>
    /// Examples of different lengths and completion sizes: a plain mean of micro-batch means would weight them wrongly,
    /// so only token-share weighting makes k micro-batches of one match one batch of k.
    /// </summary>
    [Fact]
    public void KMicroBatchesAccumulateTheGradientOfOneBatchOfK()
    {
        (string, string)[] pairs = [("Question: Who?\nAnswer:", " Nobody."), ("Tell me a story:", " One sunny morning, a baker walked to a lake."), ("Hi", " Hello, friend.")];
        var examples = pairs.Select(p => ExampleEncoder.PromptCompletion(p.Item1, p.Item2, TinyTraining.Tokenizer, 22, "t")).ToList();
        Assert.Equal(3, examples.Select(e => (e.Ids.Length, e.TrainedCount)).Distinct().Count());

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
