using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

/// <summary>Central finite differences in double precision against the hand-derived backward, every matrix.</summary>
public class GradientCheckTests
{
    private const double Step = 1e-5;

    public static TheoryData<AttentionKernel, int, int, int> Cases() => new()
    {
        // kernel, heads, value dim, output dim
        { AttentionKernel.Softmax, 1, 1, 1 },
        { AttentionKernel.Gaussian, 1, 1, 1 },
        { AttentionKernel.Softmax, 3, 2, 4 },
        { AttentionKernel.Gaussian, 3, 2, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryWeightMatrixMatchesCentralDifferences(AttentionKernel kernel, int heads, int valueDim, int outputDim)
    {
        var random = new Generator(42);
        var shape = new AttentionShape(embeddingDim: 5, keyDim: 3, valueDim, heads, outputDim);
        var data = RandomTargetRegression.Generate(3, 4, shape.EmbeddingDim, outputDim, random);
        var objective = new RegressionObjective(data, shape, kernel, WeightGroups.All);
        var w = new double[shape.ParameterCount];
        // Scale 1 makes attention clearly non-uniform, so the kernel's own derivative is exercised.
        random.FillNormal(w, 1.0);

        var analytic = new double[w.Length];
        objective.LossAndGradient(w, analytic);
        var numeric = CentralDifferences(objective.Loss, w);

        foreach (var group in AttentionParameters.Singles)
        {
            var (offset, length) = shape.Block(group);
            AssertClose(numeric.AsSpan(offset, length), analytic.AsSpan(offset, length), $"{kernel} {group}");
        }
    }

    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void FrozenMatricesGetZeroAndTrainableOnesKeepTheirGradient(AttentionKernel kernel)
    {
        var random = new Generator(7);
        var shape = new AttentionShape(6, 2, 1, 2, 1);
        var data = RandomTargetRegression.Generate(2, 5, 6, 1, random);
        var w = new double[shape.ParameterCount];
        random.FillNormal(w, 0.8);
        var full = new double[w.Length];
        new RegressionObjective(data, shape, kernel, WeightGroups.All).LossAndGradient(w, full);

        foreach (var trainable in new[] { WeightGroups.Value, WeightGroups.Attention, WeightGroups.Query, WeightGroups.Output })
        {
            var partial = new double[w.Length];
            new RegressionObjective(data, shape, kernel, trainable).LossAndGradient(w, partial);
            foreach (var group in AttentionParameters.Singles)
            {
                var (offset, length) = shape.Block(group);
                for (int i = offset; i < offset + length; i++)
                    Assert.Equal((trainable & group) != 0 ? full[i] : 0.0, partial[i], 12);
            }
        }
    }

    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void InputGradientMatchesCentralDifferences(AttentionKernel kernel)
    {
        var random = new Generator(11);
        var shape = new AttentionShape(4, 3, 2, 2, 3);
        int n = 5;
        var weights = new AttentionParameters(shape);
        random.FillNormal(weights.All, 0.9);
        var x = new double[n * shape.EmbeddingDim];
        random.FillNormal(x, 1.0);
        var y = new double[n * shape.OutputDim];
        random.FillNormal(y, 1.0);
        var layer = new AttentionLayer(shape, kernel, n);
        var output = new double[y.Length];

        double Loss(double[] input)
        {
            layer.Forward(input, n, weights, output);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += 0.5 * (output[i] - y[i]) * (output[i] - y[i]);
            return sum;
        }

        Loss(x);
        var dOut = new double[y.Length];
        for (int i = 0; i < y.Length; i++) dOut[i] = output[i] - y[i];
        var dX = new double[x.Length];
        layer.Backward(x, weights, dOut, new AttentionParameters(shape), WeightGroups.None, dX);
        AssertClose(CentralDifferences(Loss, x), dX, $"{kernel} dX");
    }

    internal static double[] CentralDifferences(Func<double[], double> loss, double[] at)
    {
        var point = (double[])at.Clone();
        var numeric = new double[at.Length];
        for (int i = 0; i < at.Length; i++)
        {
            double keep = point[i];
            point[i] = keep + Step;
            double up = loss(point);
            point[i] = keep - Step;
            double down = loss(point);
            point[i] = keep;
            numeric[i] = (up - down) / (2 * Step);
        }
        return numeric;
    }

    /// <summary>
    /// Truncation error of central differences is O(h²·f''') ≈ 1e-10 here, so 1e-7 relative to the gradient
    /// scale fails on any wrong term while tolerating rounding.
    /// </summary>
    internal static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        for (int i = 0; i < expected.Length; i++) scale = Math.Max(scale, Math.Abs(expected[i]));
        Assert.True(scale > 1e-3, $"{what}: gradient too small ({scale:g3}) for the check to mean anything");
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            Assert.True(error <= 1e-7 * scale, $"{what}[{i}]: numeric {expected[i]:r} vs analytic {actual[i]:r} (error {error:g3}, scale {scale:g3})");
        }
    }
}
