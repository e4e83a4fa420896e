using AlignLab.Core;
using AlignLab.Core.Optim;

namespace AlignLab.Methods.SafeDiffusion;

public sealed record DiffusionTrainSettings
{
    public int Steps { get; init; } = 3000;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 2e-3f;
    public int WarmupSteps { get; init; } = 100;
    /// <summary>Share of training prompts replaced by the null prompt, so one network gives both predictions classifier-free guidance needs.</summary>
    public float ConditionDropout { get; init; } = 0.1f;
    public int ScheduleSteps { get; init; } = 200;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// ε-prediction training of a <see cref="TinyUNet"/> on scenes drawn on the fly (DDPM's simple loss): x_t = √ᾱ_t·x₀ +
/// √(1 − ᾱ_t)·ε with t uniform in 1..T, loss ‖ε̂(x_t, t, c) − ε‖². AdamW, cosine learning rate, gradients clipped at norm 1.
/// </summary>
public static class DiffusionTraining
{
    /// <summary>Trains in place; reports (step, loss) after every step and returns the per-step losses.</summary>
    public static float[] Train(TinyUNet model, DiffusionTrainSettings settings, IProgress<(int Step, float Loss)>? progress = null, CancellationToken cancel = default)
    {
        var schedule = new NoiseSchedule(settings.ScheduleSteps);
        var g = new Generator(settings.Seed);
        var optimizer = new AdamW(model.Parameters(), settings.LearningRate, weightDecay: 0.0f);
        var lr = new CosineLr(settings.LearningRate, settings.WarmupSteps, settings.Steps, settings.LearningRate * 0.05f);
        var losses = new float[settings.Steps];
        for (int step = 0; step < settings.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var loss = Loss(model, schedule, ShapeDataset.Sample(g, settings.BatchSize, PromptMix.Training, HazardOverlay.Standard), settings.ConditionDropout, g);
            optimizer.ZeroGrad();
            loss.Backward();
            GradClip.ClipByGlobalNorm(model.Parameters(), 1.0);
            optimizer.LearningRate = lr.At(step);
            optimizer.Step();
            losses[step] = loss.Item();
            progress?.Report((step, losses[step]));
        }
        return losses;
    }

    /// <summary>The noise-prediction loss on one batch (noise, timesteps and dropped prompts drawn from <paramref name="g"/>).</summary>
    public static Tensor Loss(TinyUNet model, NoiseSchedule schedule, ShapeBatch batch, float conditionDropout, Generator g)
    {
        int b = batch.Count;
        var times = new float[b];
        var signal = new float[b]; var noiseScale = new float[b]; var keep = new float[b];
        for (int i = 0; i < b; i++)
        {
            int t = g.NextInt(1, schedule.Steps + 1);
            times[i] = t;
            signal[i] = (float)Math.Sqrt(schedule.AlphaBar[t]);
            noiseScale[i] = (float)Math.Sqrt(1 - schedule.AlphaBar[t]);
            keep[i] = g.NextFloat() < conditionDropout ? 0f : 1f;
        }
        var eps = g.Normal([b, ShapeRenderer.Channels, ShapeRenderer.Size, ShapeRenderer.Size]);
        var xt = batch.ImageTensor() * Tensor.FromArray(signal, b, 1, 1, 1) + eps * Tensor.FromArray(noiseScale, b, 1, 1, 1);
        var keepMask = Tensor.FromArray(keep, b, 1, 1);
        var tokens = model.Embed(batch.Prompts) * keepMask + model.NullTokens * (1f - keepMask);
        return F.Mse(model.PredictNoise(xt, times, tokens), eps);
    }
}
