using AlignLab.Core;
using AlignLab.Methods.Mimo;
using MathNet.Numerics.LinearAlgebra;

namespace AlignLab.Methods.Tests.Mimo;

public class LikelihoodTests
{
    /// <summary>A small Scheme-1 problem: 4×3 channel, 20 measurements, b bits, optionally dithered.</summary>
    internal static (BaseStationInput Input, ChannelMatrix Truth) SmallProblem(int bits, DitherMode dither, int seed, int measurements = 20, int rows = 4, int columns = 3, int paths = 2)
    {
        var truth = MultipathChannel.Synthesize(rows, columns, new UlaChannelGenerator(rows, columns, paths).DrawPaths(new Generator((ulong)(seed))));
        var rng = new Generator((ulong)(seed + 1));
        var sketch = new ChannelSketchScheme().Sketch(truth, measurements, rng);
        var fb = new FeedbackQuantizer(new QuantizerSettings(bits, dither, 10)).Quantize(sketch.Measurements, sketch.TrainingLength, rng);
        return (new BaseStationInput(rows, columns, sketch.Sensing, fb, paths), truth);
    }

    [Theory]
    [InlineData(3, DitherMode.None)]
    [InlineData(1, DitherMode.Gaussian)]
    [InlineData(2, DitherMode.Gaussian)]
    public void GradientMatchesFiniteDifferences(int bits, DitherMode dither)
    {
        var (input, truth) = SmallProblem(bits, dither, 11);
        var f = new QuantizedLikelihood(input.Sensing, input.Feedback);
        // a point near, but not at, the scaled truth
        var h = truth.Scaled(input.Feedback.Scale).Vector;
        var rng = new Generator(3);
        for (int i = 0; i < h.Length; i++) h[i] += 0.3 * rng.NextGaussian();
        var gradient = new double[h.Length];
        f.Gradient(h, gradient);
        for (int i = 0; i < h.Length; i++)
        {
            double step = 1e-5, keep = h[i];
            h[i] = keep + step; double plus = f.NegativeLogLikelihood(h);
            h[i] = keep - step; double minus = f.NegativeLogLikelihood(h);
            h[i] = keep;
            Assert.Equal((plus - minus) / (2 * step), gradient[i], 5);
        }
    }

    [Fact]
    public void GradientIsTheDensityOverProbabilityForm()
    {
        // ∇f = Σ m_r (φ(α_r) − φ(β_r))/(σ P_r): the textbook form, equal to the EM residual Mᵀ(Mh − ỹ)/σ² the code uses
        var (input, truth) = SmallProblem(2, DitherMode.Gaussian, 5);
        var m = input.Sensing; var fb = input.Feedback;
        var h = truth.Scaled(fb.Scale).Vector;
        var mean = new double[m.Rows];
        m.Multiply(h, mean);
        var d = new double[m.Rows];
        for (int r = 0; r < m.Rows; r++)
        {
            double upper = (fb.Upper[r] - mean[r]) / fb.Sigma, lower = (fb.Lower[r] - mean[r]) / fb.Sigma;
            d[r] = (NormalDistribution.Pdf(upper) - NormalDistribution.Pdf(lower)) / (fb.Sigma * NormalDistribution.IntervalProbability(upper, lower));
        }
        var expected = new double[m.Columns];
        m.MultiplyTransposed(d, expected);
        var gradient = new double[m.Columns];
        new QuantizedLikelihood(m, fb).Gradient(h, gradient);
        for (int i = 0; i < gradient.Length; i++) Assert.Equal(expected[i], gradient[i], 10);
    }

    [Fact]
    public void MeasurementDomainEmEqualsTheCodesDenseIteration()
    {
        // The code: u ← inv(MᵀM/σ² + ρI)(Mᵀỹ/σ² + λ + ρr), Nesterov on u, 60 iterations (here with σ ≠ 1 to pin the 1/σ²)
        var (input, truth) = SmallProblem(2, DitherMode.Gaussian, 21, measurements: 15);
        var m = input.Sensing; var fb = input.Feedback;
        double rho = 0.7, sigma = fb.Sigma;
        int p = m.Columns, r = m.Rows;
        var rng = new Generator(2);
        var lambda = new double[p]; rng.FillNormal(lambda, 0.2);
        var structured = truth.Scaled(fb.Scale).Vector;
        var start = new double[p]; rng.FillNormal(start, 0.5);

        var dm = Matrix<double>.Build.Dense(r, p, (i, j) => m.Data[i * p + j]);
        var w = (dm.Transpose() * dm / (sigma * sigma) + Matrix<double>.Build.DenseIdentity(p) * rho).Inverse();
        var c = w * (Vector<double>.Build.DenseOfArray(lambda) + Vector<double>.Build.DenseOfArray(structured) * rho);
        var u = Vector<double>.Build.DenseOfArray(start);
        var y = u.Clone();
        double t = 1;
        for (int it = 0; it < 60; it++)
        {
            var previous = u.Clone();
            var mean = dm * y;
            var tilde = Vector<double>.Build.Dense(r, i => NormalDistribution.TruncatedMean(mean[i], fb.Lower[i], fb.Upper[i], sigma, 1e-3));
            u = w * (dm.Transpose() * tilde / (sigma * sigma)) + c;
            double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
            y = u + (u - previous) * ((t - 1) / tNext);
            t = tNext;
        }

        var step = new LikelihoodStep(new WoodburyInverse(m, rho, sigma), fb);
        var ours = (double[])start.Clone();
        var mu = new double[r];
        m.Multiply(ours, mu);
        step.Solve(lambda, structured, ours, mu);
        for (int i = 0; i < p; i++) Assert.Equal(u[i], ours[i], 8);
        var check = new double[r];
        m.Multiply(ours, check);
        for (int i = 0; i < r; i++) Assert.Equal(check[i], mu[i], 8);
    }
}
