namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// The coefficients of one DDIM step from ᾱ_t to ᾱ_prev with per-step noise (Song et al.; diffusers' DDIMScheduler):
/// x_prev = A·x_t + B·ε̂ + σ·z, where A = √(ᾱ_prev/ᾱ_t), B = √(1 − ᾱ_prev − σ²) − √(1 − ᾱ_t)·A and
/// σ = η·√((1 − ᾱ_prev)/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_prev). With η = 0 the step is deterministic; σ = 0 at the last step (ᾱ_prev = 1).
/// </summary>
public readonly record struct DdimStep(float A, float B, float Sigma)
{
    public static DdimStep Between(double alphaBarT, double alphaBarPrev, double eta)
    {
        double sigma = eta * Math.Sqrt((1 - alphaBarPrev) / (1 - alphaBarT)) * Math.Sqrt(Math.Max(0, 1 - alphaBarT / alphaBarPrev));
        double a = Math.Sqrt(alphaBarPrev / alphaBarT);
        double b = Math.Sqrt(Math.Max(0, 1 - alphaBarPrev - sigma * sigma)) - Math.Sqrt(1 - alphaBarT) * a;
        return new DdimStep((float)a, (float)b, (float)sigma);
    }
}
