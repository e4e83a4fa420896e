namespace AlignLab.Core;

public static partial class F
{
    /// <summary>
    /// Sinusoidal embedding of diffusion timesteps, [len(t), dim]: row i is [cos(tᵢ·f₀) … cos(tᵢ·f_{h−1}), sin(tᵢ·f₀) …
    /// sin(tᵢ·f_{h−1})] with h = dim/2 and f_k = maxPeriod^(−k/h) (the convention of guided-diffusion and Stable
    /// Diffusion's UNet: cosines first). A constant of the timesteps: nothing is recorded on the tape.
    /// </summary>
    public static Tensor TimestepEmbedding(ReadOnlySpan<float> timesteps, int dim, float maxPeriod = 10000f)
    {
        if (dim < 2 || dim % 2 != 0) throw new ArgumentException($"timestep embedding dim {dim} must be even and >= 2");
        int half = dim / 2;
        var e = Tensor.Empty([timesteps.Length, dim]);
        var s = e.Storage.AsSpan();
        for (int k = 0; k < half; k++)
        {
            // float frequencies, as torch computes them, so the angles round the same way
            float f = MathF.Exp(-MathF.Log(maxPeriod) * k / half);
            for (int i = 0; i < timesteps.Length; i++)
            {
                float angle = timesteps[i] * f;
                s[i * dim + k] = MathF.Cos(angle);
                s[i * dim + half + k] = MathF.Sin(angle);
            }
        }
        return e;
    }
}
