namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// The cosine ᾱ schedule of improved DDPM (Nichol &amp; Dhariwal): ᾱ(t) = f(t)/f(0) with f(t) = cos²((t/T + s)/(1 + s)·π/2),
/// s = 0.008, each step's β = 1 − ᾱ(t)/ᾱ(t−1) clipped at 0.999. <see cref="AlphaBar"/>[0] = 1 (clean data), [T] is almost pure noise.
/// </summary>
public sealed class NoiseSchedule
{
    public int Steps { get; }
    public double[] AlphaBar { get; }

    public NoiseSchedule(int steps = 200)
    {
        if (steps < 2) throw new ArgumentException($"noise schedule needs at least 2 steps, got {steps}");
        Steps = steps;
        AlphaBar = new double[steps + 1];
        AlphaBar[0] = 1;
        double F(int t) => Math.Pow(Math.Cos(((double)t / steps + 0.008) / 1.008 * Math.PI / 2), 2);
        for (int t = 1; t <= steps; t++)
        {
            double beta = Math.Min(0.999, 1 - F(t) / F(t - 1));
            AlphaBar[t] = AlphaBar[t - 1] * (1 - beta);
        }
    }

    /// <summary>The K DDIM timesteps, evenly spaced from T down to T/K (then ᾱ = 1 after the last).</summary>
    public int[] DdimTimesteps(int k)
    {
        if (k < 1 || k > Steps) throw new ArgumentException($"DDIM steps {k} must be in 1..{Steps}");
        var ts = new int[k];
        for (int i = 0; i < k; i++) ts[i] = (int)Math.Round((double)(k - i) * Steps / k);
        return ts;
    }
}
