namespace AlignLab.Core.Tests.Gradients;

/// <summary>
/// Central finite differences of L = Σ out ⊙ w (w fixed random) against autograd. float32 with step h = 1e-2 on
/// smooth functions gives errors near 1e-3 of the gradient scale; the tolerance is 2e-2 of it, so a wrong
/// derivative (typically off by O(1)) fails.
/// </summary>
internal static class GradCheck
{
    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var gen = new Generator(99);
        foreach (var x in inputs) x.RequiresGrad = true;
        var output = f(inputs);
        var w = gen.Normal(output.Shape.ToArray());
        (output * w).Sum().Backward();
        const float h = 1e-2f;
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var analytic = x.Grad!.ToArray();
            var numeric = new double[x.Numel];
            var data = x.AsSpan();
            using var _ = GradMode.NoGrad();
            for (int i = 0; i < x.Numel; i++)
            {
                float orig = data[i];
                data[i] = orig + h; double plus = Objective(f(inputs), w);
                data[i] = orig - h; double minus = Objective(f(inputs), w);
                data[i] = orig;
                numeric[i] = (plus - minus) / (2 * h);
            }
            double scale = Math.Max(1e-3, numeric.Max(Math.Abs));
            for (int i = 0; i < numeric.Length; i++)
                Assert.True(Math.Abs(numeric[i] - analytic[i]) <= 2e-2 * scale,
                    $"input {k}, element {i}: autograd {analytic[i]} vs finite difference {numeric[i]} (scale {scale})");
        }
    }

    private static double Objective(Tensor output, Tensor w)
    {
        var o = output.ToArray(); var ws = w.ToArray();
        double s = 0;
        for (int i = 0; i < o.Length; i++) s += (double)o[i] * ws[i];
        return s;
    }
}
