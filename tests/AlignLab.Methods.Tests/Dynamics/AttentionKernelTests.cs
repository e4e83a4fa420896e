using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

/// <summary>The forward pass against the definitions written out naively.</summary>
public class AttentionKernelTests
{
    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void AttentionMatrixMatchesTheDefinition(AttentionKernel kernel)
    {
        var random = new Generator(3);
        int n = 4, D = 6, d = 3;
        var shape = new AttentionShape(D, d);
        var w = new AttentionParameters(shape);
        random.FillNormal(w.All, 1.0);
        var x = new double[n * D];
        random.FillNormal(x, 1.0);
        var layer = new AttentionLayer(shape, kernel, n);
        layer.Forward(x, n, w, new double[n]);

        var q = Project(x, n, D, j => w.QueryRow(0, j).ToArray(), d);
        var k = Project(x, n, D, j => w.KeyRow(0, j).ToArray(), d);
        var s = layer.Attention(0).ToArray();
        for (int j = 0; j < n; j++)
        {
            double rowSum = 0;
            var expected = new double[n];
            for (int t = 0; t < n; t++)
            {
                double dot = 0, dist2 = 0;
                for (int a = 0; a < d; a++)
                {
                    dot += q[j, a] * k[t, a];
                    dist2 += (q[j, a] - k[t, a]) * (q[j, a] - k[t, a]);
                }
                expected[t] = kernel == AttentionKernel.Softmax ? Math.Exp(dot / Math.Sqrt(d)) : Math.Exp(-dist2 / (2 * Math.Sqrt(d)));
                rowSum += expected[t];
            }
            for (int t = 0; t < n; t++)
            {
                double e = kernel == AttentionKernel.Softmax ? expected[t] / rowSum : expected[t];
                Assert.Equal(e, s[j * n + t], 12);
            }
        }
    }

    [Fact]
    public void SingleHeadOutputIsAttentionTimesValues()
    {
        var random = new Generator(5);
        int n = 3, D = 4;
        var shape = new AttentionShape(D, 2);
        var w = new AttentionParameters(shape);
        random.FillNormal(w.All, 1.0);
        w.SetOutputIdentity();
        var x = new double[n * D];
        random.FillNormal(x, 1.0);
        var layer = new AttentionLayer(shape, AttentionKernel.Gaussian, n);
        var output = new double[n];
        layer.Forward(x, n, w, output);
        var s = layer.Attention(0).ToArray();
        for (int j = 0; j < n; j++)
        {
            double expected = 0;
            for (int t = 0; t < n; t++)
            {
                double value = 0;
                for (int m = 0; m < D; m++) value += x[t * D + m] * w.ValueRow(0, 0)[m];
                expected += s[j * n + t] * value;
            }
            Assert.Equal(expected, output[j], 12);
        }
    }

    [Fact]
    public void SharpSoftmaxStaysFinite()
    {
        int n = 3, D = 2;
        var shape = new AttentionShape(D, 1);
        var w = new AttentionParameters(shape);
        w.Group(WeightGroups.Query).Fill(400);
        w.Group(WeightGroups.Key).Fill(400);
        var layer = new AttentionLayer(shape, AttentionKernel.Softmax, n);
        layer.Forward(new double[] { 1, 1, 0.5, 0.5, -1, -1 }, n, w, new double[n]);
        foreach (double value in layer.Attention(0)) Assert.True(double.IsFinite(value));
        Assert.Equal(1.0, layer.Attention(0)[0], 12);
    }

    private static double[,] Project(double[] x, int n, int D, Func<int, double[]> column, int width)
    {
        var p = new double[n, width];
        for (int a = 0; a < width; a++)
        {
            var c = column(a);
            for (int j = 0; j < n; j++)
                for (int m = 0; m < D; m++) p[j, a] += x[j * D + m] * c[m];
        }
        return p;
    }
}
