using AlignLab.Core;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Unlearning.Forgetting;

/// <summary>How far the forget NLL moves at one perturbation radius: along the attacker's first-order direction, and
/// on average (in absolute value) along random directions of the same length.</summary>
public sealed record SharpnessPoint(double Radius, double AdversarialDrop, double RandomChange);

/// <summary>The landscape of the forget NLL around a model.</summary>
public sealed record SharpnessProfile(double ForgetNll, double GradientNorm, double TopEigenvalue, double WeightNorm, IReadOnlyList<SharpnessPoint> Points);

/// <summary>
/// Sharpness of the forget loss around an unlearned model, the quantity the smoothers are meant to reduce. The loss
/// is the token-mean NLL of every forget document and answer (what a relearning attacker lowers). The adversarial
/// perturbation of radius r is −r·∇NLL/‖∇NLL‖, the one-step worst case for forgetting (the same linearised inner
/// maximisation SAM uses); random ones are r·u with u a uniformly random unit vector. The top Hessian eigenvalue
/// (largest in magnitude) comes from power iteration on finite-difference Hessian-vector products. Every
/// perturbation is undone by copying the weights back.
/// </summary>
public static class Sharpness
{
    public static SharpnessProfile Measure(UnlearnModel m, IReadOnlyList<LumeRow> forget, IReadOnlyList<double> radii,
                                           int randomDraws = 4, int powerIterations = 15, float finiteDifference = 1e-2f, ulong seed = 1)
    {
        var examples = Example.TrainingSet(m.Tokenizer, forget);
        var ps = m.Parameters;
        Func<Tensor> loss = () => Losses.TokenMeanNll(m, examples);
        var (nll, g) = FlatParameters.Gradient(ps, loss);
        double gNorm = FlatParameters.Norm(g);
        var saved = FlatParameters.Copy(ps);
        double weightNorm = FlatParameters.Norm(saved);
        var rng = new Generator(seed);
        var directions = Enumerable.Range(0, randomDraws).Select(_ => RandomUnit(ps, rng)).ToArray();
        double At(float[][] direction, double r)
        {
            FlatParameters.AddScaled(ps, direction, (float)r);
            double value = LossValue(loss);
            FlatParameters.Restore(ps, saved);
            return value;
        }
        var down = gNorm > 0 ? FlatParameters.Scale(g, -1 / gNorm) : g;
        var points = radii.Select(r => new SharpnessPoint(r, gNorm > 0 ? nll - At(down, r) : 0,
            directions.Select(u => Math.Abs(At(u, r) - nll)).DefaultIfEmpty(0).Average())).ToArray();
        return new SharpnessProfile(nll, gNorm, TopEigenvalue(ps, loss, powerIterations, finiteDifference, rng), weightNorm, points);
    }

    /// <summary>The Hessian eigenvalue of largest magnitude, by power iteration (Rayleigh quotient of the last iterate).</summary>
    public static double TopEigenvalue(IReadOnlyList<Tensor> ps, Func<Tensor> loss, int iterations, float finiteDifference, Generator rng)
    {
        var v = RandomUnit(ps, rng);
        double lambda = 0;
        for (int i = 0; i < iterations; i++)
        {
            var hv = FlatParameters.HessianVector(ps, loss, v, finiteDifference);
            lambda = FlatParameters.Dot(v, hv);
            double norm = FlatParameters.Norm(hv);
            if (norm == 0) return 0;
            v = FlatParameters.Scale(hv, 1 / norm);
        }
        return lambda;
    }

    private static double LossValue(Func<Tensor> loss)
    {
        using var _ = GradMode.NoGrad();
        return loss().Item();
    }

    private static float[][] RandomUnit(IReadOnlyList<Tensor> ps, Generator rng)
    {
        var u = ps.Select(p => { var a = new float[p.Numel]; for (int j = 0; j < a.Length; j++) a[j] = (float)rng.NextGaussian(); return a; }).ToArray();
        return FlatParameters.Scale(u, 1 / FlatParameters.Norm(u));
    }
}
