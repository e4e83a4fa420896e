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
    /// <summary>Draws, in this order: X, the shared W_V ~ N(0, 1), then the teacher's W_Q and W_K.</summary>
    public static TeacherStudentProblem Generate(int sequences, int tokens, AttentionShape shape, AttentionKernel kernel,
                                                 double teacherScale, Generator random)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        if (!(teacherScale > 0)) throw new ArgumentOutOfRangeException(nameof(teacherScale), teacherScale, "teacher scale must be positive");
        var x = RegressionData.GaussianInputs(sequences, tokens, shape.EmbeddingDim, random);
        var teacher = new AttentionParameters(shape);
        teacher.FillGaussian(WeightGroups.Value, 1.0, random);
        double attentionStd = teacherScale / Math.Sqrt(shape.KeyDim);
        teacher.FillGaussian(WeightGroups.Query, attentionStd, random);
        teacher.FillGaussian(WeightGroups.Key, attentionStd, random);
        SetSharedOutput(teacher);

        var unlabeled = new RegressionData(sequences, tokens, shape.EmbeddingDim, shape.OutputDim, x,
                                           new double[sequences * tokens * shape.OutputDim]);
        var targets = new RegressionObjective(unlabeled, shape, kernel, WeightGroups.None).Predict(teacher.Buffer);
        var data = new RegressionData(sequences, tokens, shape.EmbeddingDim, shape.OutputDim, x, targets);
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
