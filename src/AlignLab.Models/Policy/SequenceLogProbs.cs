using AlignLab.Core;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Policy;

/// <summary>
/// Log-probabilities of a batch's completions under a model, on the autograd graph: the policy-gradient and
/// implicit-reward (β log π/π_ref) losses differentiate through them.
/// </summary>
/// <param name="Total">[B]: Σ over each row's completion tokens of log p(token | everything before it).</param>
/// <param name="PerToken">[B, T−1]: entry (r, j) is log p(Ids[r, j+1] | Ids[r, ..j]) where that token is a completion
/// token, 0 elsewhere.</param>
public sealed record SequenceLogProbs(Tensor Total, Tensor PerToken)
{
    /// <summary>
    /// One forward pass over the batch. Under <see cref="GradMode.NoGrad"/> (a frozen reference) the result carries
    /// no graph. Call the model in eval mode when dropout should not perturb the scores.
    /// </summary>
    public static SequenceLogProbs Compute(ICausalLM model, CompletionBatch batch)
    {
        int b = batch.Rows, t = batch.Ids.Shape[1];
        if (t < 2) return new SequenceLogProbs(Tensor.Zeros(b), Tensor.Zeros(b, 0));
        var ids = batch.Ids.Data;
        var input = new int[b * (t - 1)];
        var targets = new int[b * (t - 1)];
        for (int r = 0; r < b; r++)
        {
            ids.AsSpan(r * t, t - 1).CopyTo(input.AsSpan(r * (t - 1)));
            ids.AsSpan(r * t + 1, t - 1).CopyTo(targets.AsSpan(r * (t - 1)));
        }
        foreach (var id in targets)
            if ((uint)id >= (uint)model.VocabSize) throw new ArgumentException($"batch.Ids: token id {id} is outside the vocabulary of {model.VocabSize}");
        var logits = model.Logits(new IntTensor(input, b, t - 1));
        var picked = logits.LogSoftmax(-1).Gather(2, new IntTensor(targets, b, t - 1, 1)).Reshape(b, t - 1);
        // The mask is read at the predicted token, so position j of the prediction pairs with position j+1 of the ids.
        var mask = batch.CompletionMask.Slice(1, 1, t).Contiguous();
        var perToken = picked * mask;
        return new SequenceLogProbs(perToken.Sum(1), perToken);
    }
}
