using AlignLab.Core;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>The differentiable losses of target training, unlearning and relearning, over batches of <see cref="Example"/>s.</summary>
public static class Losses
{
    public static CompletionBatch Batch(IReadOnlyList<Example> batch) =>
        CompletionBatch.FromCompletions(batch.Select(e => e.Prompt).ToArray(), batch.Select(e => e.Completion).ToArray());

    /// <summary>[B] summed completion log-probabilities, on the graph.</summary>
    public static Tensor SequenceLogProb(UnlearnModel m, IReadOnlyList<Example> batch) => SequenceLogProbs.Compute(m.Model, Batch(batch)).Total;

    public static Tensor Lengths(IReadOnlyList<Example> batch) => Tensor.FromArray(batch.Select(e => (float)e.Completion.Length).ToArray(), batch.Count);

    /// <summary>Token-mean NLL over all completion tokens of the batch (the language-modelling loss).</summary>
    public static Tensor TokenMeanNll(UnlearnModel m, IReadOnlyList<Example> batch) =>
        SequenceLogProb(m, batch).Sum().MulScalar(-1f / batch.Sum(e => e.Completion.Length));

    /// <summary>[B] per-example token-mean NLL.</summary>
    public static Tensor PerExampleNll(UnlearnModel m, IReadOnlyList<Example> batch) => SequenceLogProb(m, batch).Neg() / Lengths(batch);

    /// <summary>log σ(x) = −log(1 + e^{−x}), computed as −logsumexp(0, −x) so it neither overflows nor loses its gradient.</summary>
    public static Tensor LogSigmoid(Tensor x) => Tensor.Stack([Tensor.ZerosLike(x), x.Neg()], -1).LogSumExp(-1).Neg();

    /// <summary>Gradient ascent: −(mean over examples of the token-mean NLL).</summary>
    public static Tensor GradientAscent(UnlearnModel m, IReadOnlyList<Example> batch) => PerExampleNll(m, batch).Mean().Neg();

    /// <summary>
    /// NPO: −(2/β) mean log σ(β (NLL_θ − NLL_ref)), with the reference NLL precomputed per example. With
    /// <paramref name="sequenceSum"/> the NLL is the sequence sum (the NPO paper, open-unlearning); otherwise the token mean.
    /// Its gradient is GA's reweighted by 2σ(β(NLL_ref − NLL_θ)).
    /// </summary>
    public static Tensor Npo(UnlearnModel m, IReadOnlyList<Example> batch, IReadOnlyList<double> referenceNll, float beta, bool sequenceSum = true)
    {
        var nll = sequenceSum ? SequenceLogProb(m, batch).Neg() : PerExampleNll(m, batch);
        var reference = Tensor.FromArray(referenceNll.Select(x => (float)x).ToArray(), batch.Count);
        return LogSigmoid((nll - reference).MulScalar(beta)).Mean().MulScalar(-2f / beta);
    }

    /// <summary>SimNPO: reference-free and length-normalised, −(2/β) mean log σ(β·NLL_mean − δ).</summary>
    public static Tensor SimNpo(UnlearnModel m, IReadOnlyList<Example> batch, float beta, float delta = 0f) =>
        LogSigmoid(PerExampleNll(m, batch).MulScalar(beta).AddScalar(-delta)).Mean().MulScalar(-2f / beta);

    /// <summary>
    /// Forward KL(π_ref ‖ π_θ) summed over the vocabulary and averaged over the completion tokens of the batch, with the
    /// reference's log-probabilities given as a detached [B, T−1, V] tensor from the same batch layout.
    /// </summary>
    public static Tensor KlToReference(UnlearnModel m, IReadOnlyList<Example> batch, Tensor referenceLogProbs)
    {
        var cb = Batch(batch);
        int b = cb.Rows, t = cb.Ids.Shape[1];
        var logp = m.Model.Logits(InputIds(cb)).LogSoftmax(-1);
        var pRef = referenceLogProbs.Exp();
        var perToken = (pRef * (referenceLogProbs - logp)).Sum(-1);
        var mask = cb.CompletionMask.Slice(1, 1, t).Contiguous();
        return (perToken * mask).Sum().MulScalar(1f / batch.Sum(e => e.Completion.Length));
    }

    /// <summary>The reference model's log-probabilities for <see cref="KlToReference"/>, without a graph.</summary>
    public static Tensor ReferenceLogProbs(UnlearnModel reference, IReadOnlyList<Example> batch)
    {
        using var _ = GradMode.NoGrad();
        return reference.Model.Logits(InputIds(Batch(batch))).LogSoftmax(-1).Contiguous();
    }

    private static IntTensor InputIds(CompletionBatch cb)
    {
        int b = cb.Rows, t = cb.Ids.Shape[1];
        var input = new int[b * (t - 1)];
        for (int r = 0; r < b; r++) cb.Ids.Data.AsSpan(r * t, t - 1).CopyTo(input.AsSpan(r * (t - 1)));
        return new IntTensor(input, b, t - 1);
    }
}
