using System.Numerics.Tensors;
using AlignLab.Core.Kernels;

namespace AlignLab.Core.Optim;

public static class GradClip
{
    /// <summary>Global L2 norm of all gradients, computed in double (a float norm overflows at 1e19).</summary>
    public static double GlobalNorm(IEnumerable<Tensor> parameters)
    {
        double sum = 0;
        foreach (var p in parameters)
            if (p.Grad != null) sum += Reduce.SumOfSquares(p.Grad.Contiguous().AsSpan());
        return Math.Sqrt(sum);
    }

    /// <summary>Scales all gradients so their global norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        var ps = parameters.ToArray();
        double norm = GlobalNorm(ps);
        if (norm > maxNorm)
        {
            float scale = (float)(maxNorm / (norm + 1e-6));
            foreach (var p in ps)
                if (p.Grad != null) { p.Grad = p.Grad.Contiguous(); TensorPrimitives.Multiply(p.Grad.AsSpan(), scale, p.Grad.AsSpan()); }
        }
        return norm;
    }
}
