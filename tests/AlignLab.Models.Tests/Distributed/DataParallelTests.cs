using AlignLab.Core;
using AlignLab.Models.Data;
using AlignLab.Models.Distributed;
using AlignLab.Models.Tests.Training;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Distributed;

[Collection(TrainingCollection.Name)]
public class DataParallelTests
{
    private static readonly TrainerSettings Settings = new()
    {
        Steps = 6, BatchSize = 4, GradientAccumulation = 2, LearningRate = 3e-3f, WarmupSteps = 1, EvalBatches = 3, Seed = 7,
    };

    private static (List<double> Losses, double? Eval, float[] Weights) Train(ProcessGroup? group, ulong initSeed = 1)
    {
        var examples = TinyTraining.Text();
        var trainer = new Trainer(TinyTraining.Gpt2(initSeed), examples[12..], examples[..12], Settings, TinyTraining.Tokenizer, group);
        var result = trainer.Run();
        var weights = trainer.Model.Module.Parameters().SelectMany(p => p.AsSpan().ToArray()).ToArray();
        return (result.Losses.ToList(), result.EvalLoss, weights);
    }

    [Fact]
    public void TwoRanksFollowTheSingleProcessRunWithTheSameGlobalBatch()
    {
        var single = Train(null);
        // Rank 1 starts from other weights: the broadcast from rank 0 must make them irrelevant.
        var ranks = ThreadProcessGroup.Run(2, g => Train(g, initSeed: g.Rank == 0 ? 1UL : 99UL));
        foreach (var r in ranks)
        {
            Assert.Equal(single.Losses.Count, r.Losses.Count);
            for (int i = 0; i < single.Losses.Count; i++) Assert.Equal(single.Losses[i], r.Losses[i], 1e-5);
            Assert.Equal(single.Eval!.Value, r.Eval!.Value, 1e-5);
            double maxDiff = single.Weights.Zip(r.Weights, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxDiff < 1e-5, $"weights differ by {maxDiff}");
        }
        Assert.Equal(ranks[0].Weights, ranks[1].Weights);
    }

    [Fact]
    public void AGlobalBatchThatDoesNotSplitEvenlyIsRefusedNamingTheCounts()
    {
        var examples = TinyTraining.Text();
        var errors = Assert.Throws<AggregateException>(() => ThreadProcessGroup.Run(3, g =>
            new Trainer(TinyTraining.Gpt2(), examples, [], Settings, TinyTraining.Tokenizer, g)));
        Assert.All(errors.InnerExceptions, e => Assert.Contains("8 sequences per step cannot be split evenly over 3 ranks", e.Message));
    }

    [Fact]
    public void RanksWithDifferentDataStopBeforeTraining()
    {
        var errors = Assert.Throws<AggregateException>(() => ThreadProcessGroup.Run(2, g =>
            new Trainer(TinyTraining.Gpt2(), TinyTraining.Text(seed: 2 + (ulong)g.Rank), [], Settings, TinyTraining.Tokenizer, g)));
        Assert.All(errors.InnerExceptions, e => Assert.Contains("ranks hold different training data", e.Message));
    }

    [Fact]
    public void GradientsAreSummedAcrossBucketsAndAMissingGradientCountsAsZero()
    {
        // Sizes 3, 7, 2 with 5-float buckets: a bucket of one, a parameter larger than a bucket, and a last partial bucket.
        var sums = ThreadProcessGroup.Run(2, g =>
        {
            var ps = new[] { Tensor.Zeros(3), Tensor.Zeros(7), Tensor.Zeros(2), Tensor.Zeros(4) };
            ps[0].Grad = Tensor.Full(1f + g.Rank, 3);
            ps[1].Grad = Tensor.FromArray(Enumerable.Range(0, 7).Select(i => (float)(i * (g.Rank + 1))).ToArray(), 7);
            if (g.Rank == 1) ps[2].Grad = Tensor.Full(5f, 2); // rank 0 has none
            DataParallel.AllReduceGradients(ps, g, bucketFloats: 5);
            return ps.Select(p => p.Grad?.AsSpan().ToArray()).ToArray();
        });
        foreach (var s in sums)
        {
            Assert.Equal([3f, 3f, 3f], s[0]!);
            Assert.Equal(Enumerable.Range(0, 7).Select(i => 3f * i).ToArray(), s[1]);
            Assert.Equal([5f, 5f], s[2]!);
            Assert.Null(s[3]); // no rank had one: the optimizer must skip it, as it would in one process
        }
    }

    [Fact]
    public void ShardsAreContiguousAndCoverTheBatch()
    {
        var shards = ThreadProcessGroup.Run(4, g => DataParallel.Shard(12, g));
        Assert.Equal([(0, 3), (3, 3), (6, 3), (9, 3)], shards);
        Assert.Equal((0, 12), DataParallel.Shard(12, ProcessGroup.Single));
    }
}
