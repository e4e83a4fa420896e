using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

/// <summary>
/// The attention-only experiment's success measure must not depend on the kernel: losses are divided by the zero
/// predictor's ½‖y‖², and the teacher's W_V is scaled so both kernels' targets have the same energy.
/// </summary>
public class KernelNeutralSuccessTests
{
    private static readonly AttentionShape Shape = new(8, 8);

    private static TeacherStudentProblem Problem(AttentionKernel kernel, double? targetRms) =>
        TeacherStudentRegression.Generate(8, 8, Shape, kernel, 5.0, GeneratorDraws.ForTrial(1000, 8), targetRms);

    /// <summary>The teacher's weights with W_V zeroed: the layer then outputs exactly zero.</summary>
    private static double[] ZeroPredictor(TeacherStudentProblem problem)
    {
        var w = new AttentionParameters(Shape, (double[])problem.Teacher.Clone());
        w.Group(WeightGroups.Value).Clear();
        return w.Buffer;
    }

    [Theory]
    [InlineData(AttentionKernel.Softmax)]
    [InlineData(AttentionKernel.Gaussian)]
    public void ZeroAndPerfectPredictorsScoreOneAndZeroUnderEitherKernel(AttentionKernel kernel)
    {
        var problem = Problem(kernel, targetRms: 1.0);
        var objective = new RegressionObjective(problem.Data, Shape, kernel, WeightGroups.Attention);
        double energy = problem.Data.ZeroPredictorLoss;

        Assert.Equal(1.0, problem.Data.TargetRms, 1e-12);
        Assert.Equal(0.5 * 64, energy, 1e-9); // 64 targets of mean square 1
        Assert.Equal(1.0, objective.Loss(ZeroPredictor(problem)) / energy, 1e-12);
        Assert.True(objective.Loss(problem.Teacher) / energy < 1e-24, "the scaled teacher still fits its targets exactly");
    }

    [Fact]
    public void TheStartRelativeMeasureIsNotKernelNeutralButTheEnergyRelativeOneIs()
    {
        // Without matched targets a sharp Gaussian teacher's targets are tiny and the Gaussian student starts with
        // attention weights ≈ 1, so f0 is inflated: the zero predictor would already look like a fit under f/f0.
        double ZeroOverStart(AttentionKernel kernel, double? rms)
        {
            var problem = Problem(kernel, rms);
            var objective = new RegressionObjective(problem.Data, Shape, kernel, WeightGroups.Attention);
            var student = TeacherStudentRegression.Student(problem, Shape, 0.1, GeneratorDraws.ForTrial(1000, 8).Fork(7));
            return problem.Data.ZeroPredictorLoss / objective.Loss(student);
        }

        Assert.InRange(ZeroOverStart(AttentionKernel.Softmax, null), 0.5, 3.0);
        Assert.True(ZeroOverStart(AttentionKernel.Gaussian, null) < 0.02, "the Gaussian zero predictor scores f/f0 far below 1");

        var soft = Problem(AttentionKernel.Softmax, null).Data;
        var gauss = Problem(AttentionKernel.Gaussian, null).Data;
        Assert.True(gauss.TargetRms < 0.25 * soft.TargetRms, $"unmatched: Gaussian target RMS {gauss.TargetRms}, softmax {soft.TargetRms}");
        Assert.Equal(Problem(AttentionKernel.Softmax, 1.0).Data.ZeroPredictorLoss, Problem(AttentionKernel.Gaussian, 1.0).Data.ZeroPredictorLoss, 1e-9);
    }

    [Fact]
    public void ScalingTheTargetsScalesOnlyTheTeachersValueWeights()
    {
        var plain = Problem(AttentionKernel.Gaussian, null);
        var scaled = Problem(AttentionKernel.Gaussian, 2.0);
        double factor = 2.0 / plain.Data.TargetRms;
        var a = new AttentionParameters(Shape, plain.Teacher);
        var b = new AttentionParameters(Shape, scaled.Teacher);
        Assert.Equal(a.Group(WeightGroups.Query).ToArray(), b.Group(WeightGroups.Query).ToArray());
        Assert.Equal(a.Group(WeightGroups.Key).ToArray(), b.Group(WeightGroups.Key).ToArray());
        for (int i = 0; i < a.Group(WeightGroups.Value).Length; i++)
            Assert.Equal(factor * a.Group(WeightGroups.Value)[i], b.Group(WeightGroups.Value)[i], 1e-9 * Math.Abs(factor));
        for (int i = 0; i < plain.Data.Targets.Length; i++)
            Assert.Equal(factor * plain.Data.Targets[i], scaled.Data.Targets[i], 1e-9 * factor);
        Assert.Throws<ArgumentOutOfRangeException>(() => Problem(AttentionKernel.Softmax, 0.0));
    }

    [Fact]
    public void AStopReferenceReplacesTheStartingLoss()
    {
        var problem = Problem(AttentionKernel.Softmax, 1.0);
        var objective = new RegressionObjective(problem.Data, Shape, AttentionKernel.Softmax, WeightGroups.Attention);
        double energy = problem.Data.ZeroPredictorLoss;
        var student = TeacherStudentRegression.Student(problem, Shape, 0.1, new Generator(3));
        // A reference far above f0 stops before the first step; the default (f0) would not.
        var log = GradientDescent.Run(objective, (double[])student.Clone(),
            new GradientDescentOptions(50, new ArmijoStep(), StopRelativeLoss: 0.5, StopReference: 1e6 * energy));
        Assert.Equal(StopReason.Converged, log.Stop);
        Assert.Equal(0, log.Iterations);
        var plain = GradientDescent.Run(objective, (double[])student.Clone(), new GradientDescentOptions(5, new ArmijoStep(), StopRelativeLoss: 1e-3));
        Assert.Equal(5, plain.Iterations);
    }

    [Fact]
    public void AttentionOnlyRunsReportLossesAgainstTheTargetEnergy()
    {
        var settings = AttentionOnlySettings.Quick with { Iterations = 40, CurveEvery = 10 };
        var soft = AttentionOnlyStudy.RunOne(settings, AttentionKernel.Softmax, 8, 1000);
        var gauss = AttentionOnlyStudy.RunOne(settings, AttentionKernel.Gaussian, 8, 1000);
        // Same energy E for both; the curve starts at f0/E and ends at f_T/E.
        Assert.Equal(soft.StartRelativeLoss, soft.Curve[0], 1e-12);
        Assert.Equal(gauss.RelativeLoss, gauss.Curve[^1], 1e-12);
        Assert.InRange(soft.StartRelativeLoss, 0.1, 3.0);
        Assert.True(gauss.StartRelativeLoss > 100, $"the unnormalised Gaussian student starts far from its targets (f0/E = {gauss.StartRelativeLoss})");
        var cell = new AttentionOnlyCell(AttentionKernel.Gaussian, 8, [gauss with { RelativeLoss = 5e-5 }, gauss with { RelativeLoss = 2e-4 }], 1e-4);
        Assert.Equal(1, cell.Successes);
    }
}
