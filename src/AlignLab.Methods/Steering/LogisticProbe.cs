using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Steering;

/// <summary>How <see cref="LogisticProbe"/> is fitted.</summary>
public sealed record ProbeSettings
{
    /// <summary>L2 penalty λ/2·‖W‖² on the weights (not the biases), on standardised features.</summary>
    public double L2 { get; init; } = 1e-3;
    public int Iterations { get; init; } = 300;
    public double LearningRate { get; init; } = 0.05;

    public void Validate()
    {
        if (!(L2 >= 0)) throw new ArgumentOutOfRangeException(nameof(L2), $"L2 must be >= 0, got {L2}");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), $"iterations must be >= 1, got {Iterations}");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"learning rate must be > 0, got {LearningRate}");
    }
}

/// <summary>
/// Multinomial logistic regression p(k | x) = softmax(W·z + b)_k on standardised features z = (x − μ)/σ, fitted by
/// full-batch Adam on the mean cross-entropy plus λ/2·‖W‖² (float64, deterministic). Used both as the activation probe
/// whose confidence selects history items and, on bag-of-words counts, as the held-out success classifier.
/// </summary>
public sealed class LogisticProbe
{
    private readonly double[] _mean, _scale;
    /// <summary>Weights [K × D] row-major, then K biases.</summary>
    private readonly double[] _theta;

    private LogisticProbe(int classes, int features, double[] mean, double[] scale, double[] theta) =>
        (Classes, Features, _mean, _scale, _theta) = (classes, features, mean, scale, theta);

    public int Classes { get; }
    public int Features { get; }

    public static LogisticProbe Fit(IReadOnlyList<double[]> x, IReadOnlyList<int> labels, int classes, ProbeSettings settings)
    {
        settings.Validate();
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"a probe needs at least 2 classes, got {classes}");
        if (x.Count == 0 || x.Count != labels.Count) throw new ArgumentException($"a probe needs as many labels as samples (> 0), got {x.Count} samples and {labels.Count} labels");
        int d = x[0].Length;
        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].Length != d) throw new ArgumentException($"sample {i} has {x[i].Length} features, sample 0 has {d}");
            if ((uint)labels[i] >= (uint)classes) throw new ArgumentException($"label {labels[i]} of sample {i} is outside 0 … {classes - 1}");
        }
        var (mean, scale) = Standardisation(x, d);
        var z = x.Select(row => Standardise(row, mean, scale)).ToArray();
        var theta = new double[classes * d + classes];
        var gradient = new double[theta.Length];
        var adam = new Float64Adam(theta.Length, settings.LearningRate);
        for (int it = 0; it < settings.Iterations; it++)
        {
            ObjectiveAndGradient(theta, z, labels, classes, settings.L2, gradient);
            adam.Step(theta, gradient);
        }
        return new LogisticProbe(classes, d, mean, scale, theta);
    }

    /// <summary>Class probabilities of one raw (unstandardised) feature vector.</summary>
    public double[] Probabilities(double[] x)
    {
        if (x.Length != Features) throw new ArgumentException($"the probe takes {Features} features, got {x.Length}");
        var p = new double[Classes];
        Scores(_theta, Standardise(x, _mean, _scale), Classes, p);
        Softmax(p);
        return p;
    }

    public int Predict(double[] x)
    {
        var p = Probabilities(x);
        int best = 0;
        for (int k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    public double Accuracy(IReadOnlyList<double[]> x, IReadOnlyList<int> labels)
    {
        int right = 0;
        for (int i = 0; i < x.Count; i++) if (Predict(x[i]) == labels[i]) right++;
        return x.Count == 0 ? double.NaN : (double)right / x.Count;
    }

    /// <summary>
    /// Mean cross-entropy of <paramref name="z"/> (already standardised) plus λ/2·‖W‖², and its gradient in
    /// <paramref name="gradient"/>; <paramref name="theta"/> is W [K × D] row-major then the K biases.
    /// </summary>
    public static double ObjectiveAndGradient(double[] theta, IReadOnlyList<double[]> z, IReadOnlyList<int> labels, int classes, double l2, double[] gradient)
    {
        int d = z[0].Length, n = z.Count;
        Array.Clear(gradient);
        var p = new double[classes];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            Scores(theta, z[i], classes, p);
            loss -= LogSoftmaxAt(p, labels[i]);
            Softmax(p);
            p[labels[i]] -= 1;
            for (int k = 0; k < classes; k++)
            {
                DenseKernels.Axpy(p[k] / n, z[i], gradient.AsSpan(k * d, d));
                gradient[classes * d + k] += p[k] / n;
            }
        }
        double penalty = 0;
        for (int j = 0; j < classes * d; j++)
        {
            penalty += theta[j] * theta[j];
            gradient[j] += l2 * theta[j];
        }
        return loss / n + 0.5 * l2 * penalty;
    }

    private static void Scores(double[] theta, double[] z, int classes, double[] scores)
    {
        int d = z.Length;
        for (int k = 0; k < classes; k++) scores[k] = DenseKernels.Dot(theta.AsSpan(k * d, d), z) + theta[classes * d + k];
    }

    private static double LogSoftmaxAt(double[] scores, int k)
    {
        double max = scores.Max(), sum = 0;
        foreach (var s in scores) sum += Math.Exp(s - max);
        return scores[k] - max - Math.Log(sum);
    }

    private static void Softmax(double[] scores)
    {
        double max = scores.Max(), sum = 0;
        for (int k = 0; k < scores.Length; k++) sum += scores[k] = Math.Exp(scores[k] - max);
        for (int k = 0; k < scores.Length; k++) scores[k] /= sum;
    }

    /// <summary>Per-feature mean and 1/std (1 for a constant feature), so the L2 penalty treats every feature alike.</summary>
    private static (double[] Mean, double[] Scale) Standardisation(IReadOnlyList<double[]> x, int d)
    {
        var mean = new double[d];
        var scale = new double[d];
        foreach (var row in x) DenseKernels.Axpy(1.0 / x.Count, row, mean);
        foreach (var row in x)
            for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.Count;
        for (int j = 0; j < d; j++) scale[j] = scale[j] > 1e-12 ? 1 / Math.Sqrt(scale[j]) : 1;
        return (mean, scale);
    }

    /// <summary>The standardised copy of a raw feature vector.</summary>
    public double[] Standardise(double[] x) => Standardise(x, _mean, _scale);

    private static double[] Standardise(double[] x, double[] mean, double[] scale)
    {
        var z = new double[x.Length];
        for (int j = 0; j < x.Length; j++) z[j] = (x[j] - mean[j]) * scale[j];
        return z;
    }

    /// <summary>The fitted parameters (W [K × D] row-major, then biases) on the standardised scale, for tests.</summary>
    public ReadOnlySpan<double> Parameters => _theta;
}
