using System.Numerics.Tensors;
using AlignLab.Core;
using Tensor = AlignLab.Core.Tensor;

namespace AlignLab.Methods.Unlearning.Forgetting;

/// <summary>
/// The weights and gradients of a model as arrays, for perturb-and-restore steps: a perturbation is undone by copying
/// the saved weights back, so the weights after a SAM, RS or finite-difference probe are bit-for-bit those before.
/// </summary>
public static class FlatParameters
{
    public static float[][] Copy(IReadOnlyList<Tensor> ps) => ps.Select(p => p.AsSpan().ToArray()).ToArray();

    public static void Restore(IReadOnlyList<Tensor> ps, float[][] saved)
    {
        for (int i = 0; i < ps.Count; i++) saved[i].CopyTo(ps[i].AsSpan());
    }

    /// <summary>θ ← θ + scale·direction.</summary>
    public static void AddScaled(IReadOnlyList<Tensor> ps, float[][] direction, float scale)
    {
        for (int i = 0; i < ps.Count; i++) TensorPrimitives.MultiplyAdd(direction[i], scale, ps[i].AsSpan(), ps[i].AsSpan());
    }

    /// <summary>The loss and its gradient (zeros for parameters the loss does not reach).</summary>
    public static (double Loss, float[][] Gradient) Gradient(IReadOnlyList<Tensor> ps, Func<Tensor> loss)
    {
        foreach (var p in ps) p.Grad = null;
        var l = loss();
        l.Backward();
        var g = ps.Select(p => p.Grad is null ? new float[p.Numel] : p.Grad.Contiguous().AsSpan().ToArray()).ToArray();
        foreach (var p in ps) p.Grad = null;
        return (l.Item(), g);
    }

    public static double Norm(float[][] v) => Math.Sqrt(Dot(v, v));

    public static double Dot(float[][] a, float[][] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += TensorPrimitives.Dot(a[i], b[i]);
        return s;
    }

    public static float[][] Scale(float[][] v, double s) => v.Select(a => { var r = new float[a.Length]; TensorPrimitives.Multiply(a, (float)s, r); return r; }).ToArray();

    public static float[][] Combine(float[][] a, float[][] b, float bScale)
    {
        var r = new float[a.Length][];
        for (int i = 0; i < a.Length; i++) { r[i] = new float[a[i].Length]; TensorPrimitives.MultiplyAdd(b[i], bScale, a[i], r[i]); }
        return r;
    }

    /// <summary>Hessian-vector product H(θ)v ≈ (∇ℓ(θ + r v) − ∇ℓ(θ − r v)) / 2r, restoring θ exactly.</summary>
    public static float[][] HessianVector(IReadOnlyList<Tensor> ps, Func<Tensor> loss, float[][] v, float r)
    {
        var saved = Copy(ps);
        AddScaled(ps, v, r);
        var plus = Gradient(ps, loss).Gradient;
        Restore(ps, saved);
        AddScaled(ps, v, -r);
        var minus = Gradient(ps, loss).Gradient;
        Restore(ps, saved);
        return Scale(Combine(plus, minus, -1f), 1.0 / (2 * r));
    }
}
