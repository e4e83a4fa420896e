namespace AlignLab.Core.Numerics;

/// <summary>
/// Adam (Kingma &amp; Ba) over a flat float64 vector, with bias correction: for the methods that optimise outside the
/// float32 tensor engine (whose optimisers are <c>AlignLab.Core.Optim.Adam</c> and <c>AdamW</c> over parameters).
/// </summary>
public sealed class Float64Adam
{
    private readonly double[] m, v;
    private readonly double beta1, beta2, epsilon;
    private int step;

    public double LearningRate { get; set; }

    public Float64Adam(int parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (parameters <= 0) throw new ArgumentOutOfRangeException(nameof(parameters), parameters, "must be positive");
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be positive");
        m = new double[parameters];
        v = new double[parameters];
        LearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public void Step(double[] parameters, double[] gradient)
    {
        if (parameters.Length != m.Length || gradient.Length != m.Length)
            throw new ArgumentException($"parameters/gradient: expected {m.Length} values, got {parameters.Length} and {gradient.Length}");
        step++;
        double c1 = 1.0 / (1.0 - Math.Pow(beta1, step));
        double c2 = 1.0 / (1.0 - Math.Pow(beta2, step));
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            parameters[i] -= LearningRate * (m[i] * c1) / (Math.Sqrt(v[i] * c2) + epsilon);
        }
    }
}
