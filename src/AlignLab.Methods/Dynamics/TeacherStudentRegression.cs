using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>A teacher–student regression problem: targets come from a teacher layer of the student's own kernel.</summary>
/// <param name="Data">Inputs and the teacher's outputs as targets.</param>
/// <param name="Teacher">The teacher's weights (flat, <see cref="AttentionShape"/> layout).</param>
public sealed record TeacherStudentProblem(RegressionData Data, double[] Teacher);

/// <summary>
/// Generator for the Theorem-2 setting: W_V and W_O are shared with the student and stay fixed, so the only
/// thing to learn is the teacher's attention; the teacher's W_Q, W_K ~ N(0, scale²/d) make its attention sharper
/// the larger <c>teacherScale</c> is.
/// </summary>
public static class TeacherStudentRegression
{
    /// <summary>
    /// Draws, in this order: X, the shared W_V ~ N(0, 1), then the teacher's W_Q and W_K. With a
    /// <paramref name="targetRms"/>, W_V is then scaled so the targets have that root mean square.
    /// </summary>
    /// <param name="targetRms">
    /// Why: a sharp unnormalised Gaussian teacher has most attention weights ≈ 1e-4 and so targets several times
    /// smaller than a softmax teacher's (whose rows sum to 1). Matching the targets' energy makes both kernels fit targets of
    /// the same size; because the output is linear in W_V and the student shares W_V, the problem stays exactly
    /// realisable (zero loss at the teacher). Null keeps W_V ~ N(0, 1) unscaled.
    /// </param>
    public static TeacherStudentProblem Generate(int sequences, int tokens, AttentionShape shape, AttentionKernel kernel,
                                                 double teacherScale, Generator random, double? targetRms = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        if (!(teacherScale > 0)) throw new ArgumentOutOfRangeException(nameof(teacherScale), teacherScale, "teacher scale must be positive");
        if (targetRms is { } wanted && !(wanted > 0 && double.IsFinite(wanted)))
            throw new ArgumentOutOfRangeException(nameof(targetRms), wanted, "target RMS must be positive and finite");
        var x = RegressionData.GaussianInputs(sequences, tokens, shape.EmbeddingDim, random);
        var teacher = new AttentionParameters(shape);
        teacher.FillGaussian(WeightGroups.Value, 1.0, random);
        double attentionStd = teacherScale / Math.Sqrt(shape.KeyDim);
        teacher.FillGaussian(WeightGroups.Query, attentionStd, random);
        teacher.FillGaussian(WeightGroups.Key, attentionStd, random);
        SetSharedOutput(teacher);

        var unlabeled = new RegressionData(sequences, tokens, shape.EmbeddingDim, shape.OutputDim, x,
                                           new double[sequences * tokens * shape.OutputDim]);
        var predictor = new RegressionObjective(unlabeled, shape, kernel, WeightGroups.None);
        var targets = predictor.Predict(teacher.Buffer);
        var data = new RegressionData(sequences, tokens, shape.EmbeddingDim, shape.OutputDim, x, targets);
        if (targetRms is { } rms)
        {
            double current = data.TargetRms;
            if (!(current > 0 && double.IsFinite(current)))
                throw new InvalidOperationException($"teacher targets have RMS {current}; they cannot be rescaled to {rms}");
            foreach (ref double v in teacher.Group(WeightGroups.Value)) v *= rms / current;
            data = new RegressionData(sequences, tokens, shape.EmbeddingDim, shape.OutputDim, x, predictor.Predict(teacher.Buffer));
        }
        return new TeacherStudentProblem(data, teacher.Buffer);
    }

    /// <summary>
    /// A student with the teacher's W_V and W_O and small random attention W_Q, W_K ~ N(0, initScale²/d).
    /// </summary>
    public static double[] Student(TeacherStudentProblem problem, AttentionShape shape, double initScale, Generator random)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var student = new AttentionParameters(shape, (double[])problem.Teacher.Clone());
        double std = initScale / Math.Sqrt(shape.KeyDim);
        student.FillGaussian(WeightGroups.Query, std, random);
        student.FillGaussian(WeightGroups.Key, std, random);
        return student.Buffer;
    }

    /// <summary>W_O is the identity when its shape allows (single head, scalar outputs), else the head average.</summary>
    private static void SetSharedOutput(AttentionParameters teacher)
    {
        var shape = teacher.Shape;
        if (shape.OutputDim == shape.ConcatDim)
        {
            teacher.SetOutputIdentity();
            return;
        }
        teacher.Group(WeightGroups.Output).Fill(1.0 / shape.ConcatDim);
    }
}
