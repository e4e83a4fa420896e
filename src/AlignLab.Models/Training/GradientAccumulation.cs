using AlignLab.Core;
using AlignLab.Models.Data;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Training;

/// <summary>
/// The loss of an optimizer step over several micro-batches: the mean cross-entropy over every trained token of all of
/// them. Each micro-batch's mean is weighted by its share of the trained tokens before its backward, so k micro-batches
/// accumulate exactly the gradient of one batch holding all k (up to float rounding).
/// </summary>
public static class GradientAccumulation
{
    /// <summary>Accumulates gradients into the model's parameters and returns the step's mean loss.</summary>
    public static double Backward(ICausalLM model, IReadOnlyList<Batch> microBatches) => Backward(model, microBatches, TotalTargets(microBatches));

    /// <summary>
    /// The same with the step's trained tokens counted over a larger set than <paramref name="microBatches"/> (a
    /// data-parallel rank's share of a global batch): the result is this share's part of the mean loss and its gradient.
    /// </summary>
    public static double Backward(ICausalLM model, IReadOnlyList<Batch> microBatches, long total)
    {
        double loss = 0;
        foreach (var b in microBatches)
        {
            if (b.TargetCount == 0) continue;
            float share = (float)((double)b.TargetCount / total);
            var mean = F.CrossEntropy(model.Logits(b.Inputs), b.Targets, Batch.IgnoreIndex);
            (mean * share).Backward();
            loss += mean.Item() * (double)b.TargetCount / total;
        }
        return loss;
    }

    /// <summary>Mean cross-entropy over every trained token of the batches, without building a graph.</summary>
    public static double Loss(ICausalLM model, IReadOnlyList<Batch> batches) => LossSum(model, batches) / TotalTargets(batches);

    /// <summary>Summed cross-entropy over every trained token of the batches (0 for none), without building a graph.</summary>
    public static double LossSum(ICausalLM model, IEnumerable<Batch> batches)
    {
        using var _ = GradMode.NoGrad();
        double sum = 0;
        foreach (var b in batches)
            if (b.TargetCount > 0) sum += F.CrossEntropy(model.Logits(b.Inputs), b.Targets, Batch.IgnoreIndex).Item() * (double)b.TargetCount;
        return sum;
    }

    public static long TotalTargets(IReadOnlyList<Batch> batches)
    {
        long total = 0;
        foreach (var b in batches) total += b.TargetCount;
        if (total == 0) throw new ArgumentException("the batches hold no trained token");
        return total;
    }
}
