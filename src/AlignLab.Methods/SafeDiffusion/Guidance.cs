using AlignLab.Core;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// How a sampler step turns the noise predictions under several conditions into one ε̂. The conditions are batched into
/// one network call; <see cref="Combine"/> gets the predictions in the order of the conditions given to the sampler.
/// </summary>
public abstract class Guidance
{
    /// <param name="step">0 for the first (noisiest) sampler step.</param>
    public abstract Tensor Combine(int step, IReadOnlyList<Tensor> predictions);

    /// <summary>Classifier-free guidance over conditions [unconditional, conditional]: ε̂ = ε_u + w·(ε_c − ε_u).</summary>
    public static Guidance ClassifierFree(float scale) => new ClassifierFreeGuidance(scale);
}

public sealed class ClassifierFreeGuidance(float scale) : Guidance
{
    public float Scale { get; } = scale;

    public override Tensor Combine(int step, IReadOnlyList<Tensor> predictions)
    {
        if (predictions.Count != 2) throw new ArgumentException($"classifier-free guidance combines 2 predictions (unconditional, conditional), got {predictions.Count}");
        return predictions[0] + (predictions[1] - predictions[0]) * Scale;
    }
}
