using AlignLab.Core;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>An ε-prediction network conditioned on a sequence of token embeddings (the continuous prompt PNO optimises).</summary>
public interface IDenoiser
{
    int TokenCount { get; }
    int TokenDim { get; }

    /// <summary>ε̂(x_t, t, c) for images x [B, 3, H, W], one timestep per image, and token embeddings [B, TokenCount, TokenDim].</summary>
    Tensor PredictNoise(Tensor x, float[] timesteps, Tensor tokens);
}
