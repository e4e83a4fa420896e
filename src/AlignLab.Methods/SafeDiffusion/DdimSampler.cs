using AlignLab.Core;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// DDIM sampling with explicit per-step noise, written with recorded ops so the final image is differentiable w.r.t.
/// the noise trajectory and the prompt embeddings (PNO backpropagates through every step). The trajectory is one tensor
/// [K + 1, B, 3, H, W]: index 0 is x_T, index k the noise z injected by step k (unused when η = 0 or at the last step).
/// </summary>
public sealed class DdimSampler(NoiseSchedule schedule, int steps, float eta)
{
    public NoiseSchedule Schedule { get; } = schedule;
    public int Steps { get; } = steps;
    public float Eta { get; } = eta;
    private readonly int[] _timesteps = schedule.DdimTimesteps(steps);

    public IReadOnlyList<int> Timesteps => _timesteps;

    public DdimStep Step(int k)
    {
        int t = _timesteps[k], prev = k + 1 < Steps ? _timesteps[k + 1] : 0;
        return DdimStep.Between(Schedule.AlphaBar[t], Schedule.AlphaBar[prev], Eta);
    }

    /// <summary>A fresh N(0, I) trajectory for <paramref name="batch"/> images.</summary>
    public Tensor RandomTrajectory(Generator g, int batch, int channels = ShapeRenderer.Channels, int size = ShapeRenderer.Size)
        => g.Normal([Steps + 1, batch, channels, size, size]);

    /// <summary>
    /// Runs the K steps from the trajectory's x_T. <paramref name="conditions"/> are token-embedding sequences, each
    /// [B, n, d] (or [1, n, d], shared by the batch); <paramref name="guidance"/> combines their predictions.
    /// </summary>
    public Tensor Sample(IDenoiser model, IReadOnlyList<Tensor> conditions, Guidance guidance, Tensor trajectory)
    {
        if (trajectory.Rank != 5 || trajectory.Shape[0] != Steps + 1)
            throw new ArgumentException($"noise trajectory has shape {ShapeUtil.Format(trajectory.Shape)}, expected [{Steps + 1}, batch, channels, height, width]");
        int b = trajectory.Shape[1];
        var tokens = Tensor.Concat(conditions.Select(c => Batched(c, b, model)).ToArray(), 0);
        var x = trajectory.Slice(0, 0, 1).Squeeze(0);
        for (int k = 0; k < Steps; k++)
        {
            var times = new float[b * conditions.Count];
            Array.Fill(times, _timesteps[k]);
            var eps = model.PredictNoise(Tensor.Concat(Enumerable.Repeat(x, conditions.Count).ToArray(), 0), times, tokens);
            var parts = new Tensor[conditions.Count];
            for (int i = 0; i < parts.Length; i++) parts[i] = eps.Slice(0, i * b, (i + 1) * b);
            var e = guidance.Combine(k, parts);
            var step = Step(k);
            x = x * step.A + e * step.B;
            if (step.Sigma > 0) x = x + trajectory.Slice(0, k + 1, k + 2).Squeeze(0) * step.Sigma;
        }
        return x;
    }

    private static Tensor Batched(Tensor c, int b, IDenoiser model)
    {
        if (c.Rank != 3 || c.Shape[1] != model.TokenCount || c.Shape[2] != model.TokenDim || (c.Shape[0] != b && c.Shape[0] != 1))
            throw new ArgumentException($"condition has shape {ShapeUtil.Format(c.Shape)}, expected [{b} or 1, {model.TokenCount}, {model.TokenDim}]");
        return c.Shape[0] == b ? c : c.Expand(b, c.Shape[1], c.Shape[2]);
    }
}
