using System.Numerics.Tensors;

namespace AlignLab.Core.Optim;

/// <summary>
/// Sharpness-aware minimisation (Foret et al.) around any optimizer: ascend to w + ρ·g/‖g‖ (global norm), take the
/// gradient there, restore w, and let the base optimizer step with that gradient.
/// </summary>
public sealed class Sam(Optimizer baseOptimizer, float rho)
{
    public Optimizer Base { get; } = baseOptimizer;
    public float Rho { get; } = rho;

    /// <summary><paramref name="loss"/> computes the loss with a fresh graph each call. Returns the loss at w.</summary>
    public float Step(Func<Tensor> loss)
    {
        var ps = Base.Parameters;
        Base.ZeroGrad();
        var l0 = loss();
        l0.Backward();
        double norm = GradClip.GlobalNorm(ps);
        var eps = new float[ps.Count][];
        using (GradMode.NoGrad())
        {
            float scale = (float)(Rho / (norm + 1e-12));
            for (int i = 0; i < ps.Count; i++)
            {
                if (ps[i].Grad is null) continue;
                eps[i] = new float[ps[i].Numel];
                TensorPrimitives.Multiply(ps[i].Grad!.Contiguous().AsSpan(), scale, eps[i]);
                TensorPrimitives.Add(ps[i].AsSpan(), eps[i], ps[i].AsSpan());
            }
        }
        Base.ZeroGrad();
        loss().Backward();
        using (GradMode.NoGrad())
            for (int i = 0; i < ps.Count; i++)
                if (eps[i] != null) TensorPrimitives.Subtract(ps[i].AsSpan(), eps[i], ps[i].AsSpan());
        Base.Step();
        return l0.Item();
    }
}
