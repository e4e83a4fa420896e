using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

/// <summary>GD on the W_V sub-problem, which is least squares through C: the theory holds exactly there.</summary>
public class GradientDescentTests
{
    private static (RegressionObjective Objective, double[] Start, MathNet.Numerics.LinearAlgebra.Matrix<double> C) ValueOnly(
        AttentionKernel kernel, int sequences, int tokens, int dim, int keyDim = 4)
    {
        var random = new Generator(21);
        var data = RandomTargetRegression.Generate(sequences, tokens, dim, 1, random);
        var shape = new AttentionShape(dim, keyDim);
        var w = new AttentionParameters(shape);
        // W_K = W_Q with O(1) logits makes S diagonally dominant for both kernels, so C is well conditioned.
        w.FillGaussian(WeightGroups.Query, 1.0, random);
        w.Group(WeightGroups.Query).CopyTo(w.Group(WeightGroups.Key));
        w.FillGaussian(WeightGroups.Value, 0.1, random);
        w.SetOutputIdentity();
        var c = StackedAttentionOutputs.Build(data, shape, kernel, w.Buffer);
        return (new RegressionObjective(data, shape, kernel, WeightGroups.Value), w.Buffer, c);
    }

    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void ConstantStepContractsEveryIterationAtLeastAsFastAsThePlBound(AttentionKernel kernel)
    {
        var (objective, w, c) = ValueOnly(kernel, 3, 4, 40);
        var (sigmaMin, sigmaMax) = StackedAttentionOutputs.Extremes(c);
        Assert.True(sigmaMin > 1e-3, $"test setup: σ_min(C) = {sigmaMin} too small for a rate test");
        double eta = 1.0 / (sigmaMax * sigmaMax);
        var log = GradientDescent.Run(objective, w, new GradientDescentOptions(300, new ConstantStep(eta)));
        double bound = 1 - eta * sigmaMin * sigmaMin;
        for (int t = 1; t < log.Loss.Length; t++)
            Assert.True(log.Loss[t] <= bound * log.Loss[t - 1] * (1 + 1e-12), $"step {t}: ratio {log.Loss[t] / log.Loss[t - 1]} above the bound {bound}");
        Assert.True(log.MinimumPlRatio() >= sigmaMin * sigmaMin * (1 - 1e-9));
        // For f = ½‖Cw − y‖² with y in range(C), GD with η = 1/L tends to the rate (1 − η σ_min²)² at the end.
        Assert.InRange(log.ObservedRate(200, 300), 0.0, bound);
    }

    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void UnderParameterisedValueTrainingStopsAtTheLeastSquaresLoss(AttentionKernel kernel)
    {
        var (objective, w, c) = ValueOnly(kernel, 4, 4, 6);
        double optimum = StackedAttentionOutputs.LeastSquaresLoss(c, objective.Data.Targets);
        Assert.Equal(0.0, StackedAttentionOutputs.Extremes(c).SigmaMin);
        var log = GradientDescent.Run(objective, w, new GradientDescentOptions(4000, new ArmijoStep()));
        Assert.True(optimum > 0.1 * log.InitialLoss, "test setup: 16 targets, 6 columns cannot be fitted");
        Assert.Equal(optimum, log.FinalLoss, 1e-8 * log.InitialLoss);
    }

    [Fact]
    public void ArmijoStepsSatisfySufficientDecreaseAndStopAtTheThreshold()
    {
        var random = new Generator(5);
        var shape = new AttentionShape(8, 4);
        var problem = TeacherStudentRegression.Generate(4, 5, shape, AttentionKernel.Gaussian, 2.0, random);
        var student = TeacherStudentRegression.Student(problem, shape, 0.1, random);
        var objective = new RegressionObjective(problem.Data, shape, AttentionKernel.Gaussian, WeightGroups.Attention);
        var log = GradientDescent.Run(objective, student, new GradientDescentOptions(3000, new ArmijoStep(), StopRelativeLoss: 1e-6));
        for (int t = 0; t < log.Iterations; t++)
            Assert.True(log.Loss[t + 1] <= log.Loss[t] - 0.5 * log.Step[t] * log.GradientNorm[t] * log.GradientNorm[t] * (1 - 1e-9),
                $"iteration {t}: no sufficient decrease");
        Assert.Equal(StopReason.Converged, log.Stop);
        Assert.True(log.RelativeFinalLoss <= 1e-6);
        Assert.True(log.RelativeLossAt(log.Iterations + 50) == log.RelativeFinalLoss, "an early-stopped curve keeps its last value");
    }

    [Fact]
    public void FrozenWeightsDoNotMove()
    {
        var random = new Generator(8);
        var shape = new AttentionShape(6, 3);
        var problem = TeacherStudentRegression.Generate(3, 4, shape, AttentionKernel.Softmax, 3.0, random);
        var student = TeacherStudentRegression.Student(problem, shape, 0.1, random);
        var before = (double[])student.Clone();
        var objective = new RegressionObjective(problem.Data, shape, AttentionKernel.Softmax, WeightGroups.Attention);
        GradientDescent.Run(objective, student, new GradientDescentOptions(50, new ArmijoStep()));
        var (vOffset, vLength) = shape.Block(WeightGroups.Value);
        Assert.Equal(before.AsSpan(vOffset, vLength + shape.OutputCount).ToArray(), student.AsSpan(vOffset, vLength + shape.OutputCount).ToArray());
        Assert.NotEqual(before.AsSpan(0, vOffset).ToArray(), student.AsSpan(0, vOffset).ToArray());
    }

    [Fact]
    public void TrialsDoNotDependOnThreadCount()
    {
        var settings = AttentionOnlySettings.Quick with { Dims = [8, 16], Seeds = new(1000, 3), Iterations = 80 };
        var one = AttentionOnlyStudy.Measure(settings, threads: 1);
        var two = AttentionOnlyStudy.Measure(settings, threads: 2);
        for (int c = 0; c < one.Cells.Count; c++)
            for (int r = 0; r < one.Cells[c].Runs.Count; r++)
                Assert.Equal(one.Cells[c].Runs[r].Curve, two.Cells[c].Runs[r].Curve);
    }
}
