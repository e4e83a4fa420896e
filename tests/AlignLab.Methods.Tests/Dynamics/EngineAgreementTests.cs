using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

/// <summary>
/// The float64 path and the engine's float32 attention op compute the same function and gradient (to float32
/// precision), so the dynamics experiments and the engine's models mean the same kernels.
/// </summary>
public class EngineAgreementTests
{
    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void OutputsAndQueryGradientsMatchTheEngine(AttentionKernel kernel)
    {
        int n = 5, D = 6, d = 4, dv = 3, heads = 2;
        var random = new Generator(17);
        var shape = new AttentionShape(D, d, dv, heads, heads * dv);
        var w = new AttentionParameters(shape);
        random.FillNormal(w.All, 0.7);
        w.SetOutputIdentity();
        var x = new double[n * D];
        random.FillNormal(x, 1.0);
        var upstream = new double[n * shape.OutputDim];
        random.FillNormal(upstream, 1.0);

        var layer = new AttentionLayer(shape, kernel, n);
        var ours = new double[n * shape.OutputDim];
        layer.Forward(x, n, w, ours);
        var grad = new AttentionParameters(shape);
        layer.Backward(x, w, upstream, grad, WeightGroups.Query, Span<double>.Empty);

        var q = Tensor.FromArray(Project(x, n, D, w, WeightGroups.Query, heads, d), 1, heads, n, d).RequireGrad();
        var k = Tensor.FromArray(Project(x, n, D, w, WeightGroups.Key, heads, d), 1, heads, n, d);
        var v = Tensor.FromArray(Project(x, n, D, w, WeightGroups.Value, heads, dv), 1, heads, n, dv);
        var output = kernel == AttentionKernel.Softmax
            ? F.ScaledDotProductAttention(q, k, v, causal: false)
            : F.GaussianAttention(q, k, v, causal: false);
        var g = new float[heads * n * dv];
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < n; j++)
                for (int c = 0; c < dv; c++) g[(h * n + j) * dv + c] = (float)upstream[j * shape.OutputDim + h * dv + c];
        (output * Tensor.FromArray(g, 1, heads, n, dv)).Sum().Backward();

        var engineOut = output.ToArray();
        var dq = q.Grad!.ToArray();
        for (int h = 0; h < heads; h++)
        {
            for (int j = 0; j < n; j++)
                for (int c = 0; c < dv; c++)
                    Near(ours[j * shape.OutputDim + h * dv + c], engineOut[(h * n + j) * dv + c]);
            for (int a = 0; a < d; a++)
            {
                // ∂f/∂W_Q column a = Σ_j (∂f/∂q_j)_a x_j, from the engine's dq.
                var row = grad.QueryRow(h, a);
                for (int m = 0; m < D; m++)
                {
                    double expected = 0;
                    for (int j = 0; j < n; j++) expected += dq[(h * n + j) * d + a] * x[j * D + m];
                    Near(expected, row[m]);
                }
            }
        }
    }

    /// <summary>float32 has ~7 digits; 1e-4 relative leaves room for its rounding and nothing for a wrong term.</summary>
    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * (1 + Math.Abs(expected)), $"engine {expected:r} vs float64 path {actual:r}");

    private static float[] Project(double[] x, int n, int D, AttentionParameters w, WeightGroups group, int heads, int width)
    {
        var p = new float[heads * n * width];
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < n; j++)
                for (int a = 0; a < width; a++)
                {
                    var row = w.Row(group, h * width + a);
                    double sum = 0;
                    for (int m = 0; m < D; m++) sum += x[j * D + m] * row[m];
                    p[(h * n + j) * width + a] = (float)sum;
                }
        return p;
    }
}
