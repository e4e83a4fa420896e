namespace AlignLab.Methods.Mimo;

/// <summary>
/// Baseline in the spirit of the paper's "SparseMLE": the ℓ1-penalized quantized-likelihood estimate over an
/// oversampled 2-D DFT dictionary, min_X f(M·h(A_r X A_tᵀ)) + μ Σ|X_pq| (complex soft-threshold), by FISTA with
/// the step 1/L, L = ‖M‖²·G_r·G_t/σ² (the interval log-likelihood has curvature ≤ 1/σ²). The gradient uses the
/// same floored truncated-Gaussian mean as REDEEM's E-step. μ is a fixed fraction of μ_max = ‖∇_X f(0)‖_∞ (the
/// smallest μ whose solution is zero); the default 0.1 was the best of {0.01, 0.02, 0.05, 0.1, 0.2} for this baseline
/// at 600 and 1500 bits (24×32, K = 8) on seeds disjoint from the experiments'. Paths off the grid leak into
/// neighbouring atoms: a grid-mismatch floor.
/// </summary>
public sealed class SparseGridMleEstimator : IChannelEstimator
{
    public SparseGridMleEstimator(int oversampling = 2, double penaltyFraction = 0.1, int iterations = 300)
    {
        if (oversampling < 1) throw new ArgumentException($"oversampling must be >= 1, got {oversampling}.", nameof(oversampling));
        if (!(penaltyFraction > 0 && penaltyFraction < 1)) throw new ArgumentException($"penalty fraction must be in (0, 1), got {penaltyFraction}.", nameof(penaltyFraction));
        if (iterations < 1) throw new ArgumentException($"iterations must be >= 1, got {iterations}.", nameof(iterations));
        Oversampling = oversampling;
        PenaltyFraction = penaltyFraction;
        Iterations = iterations;
    }

    public int Oversampling { get; }
    public double PenaltyFraction { get; }
    public int Iterations { get; }
    public string Name => "SparseMLE (grid)";

    public ChannelEstimate Estimate(BaseStationInput input)
    {
        var m = input.Sensing;
        var fb = input.Feedback;
        var dictionary = new AngularDictionary(input.Rows, input.Columns, Oversampling);
        int size = dictionary.Size, p = m.Columns, r = m.Rows;
        double sigma = fb.Sigma;
        double lipschitz = SensingMatrix.LargestEigenvalue(input.Gram, r) * dictionary.SquaredOperatorNorm / (sigma * sigma);
        double step = 1.0 / lipschitz;

        var h = new double[p];
        var mean = new double[r];
        var d = new double[r];
        var gradH = new double[p];
        var gRe = new double[size]; var gIm = new double[size];
        var xRe = new double[size]; var xIm = new double[size];
        var prevRe = new double[size]; var prevIm = new double[size];
        var yRe = new double[size]; var yIm = new double[size];

        void GradientAt(double[] cRe, double[] cIm)
        {
            dictionary.Synthesize(cRe, cIm, h);
            m.Multiply(h, mean);
            for (int i = 0; i < r; i++)
                d[i] = (mean[i] - NormalDistribution.TruncatedMean(mean[i], fb.Lower[i], fb.Upper[i], sigma, 1e-3)) / (sigma * sigma);
            m.MultiplyTransposed(d, gradH);
            dictionary.Analyze(gradH, gRe, gIm);
        }

        GradientAt(xRe, xIm); // at X = 0
        double maxMagnitude = 0;
        for (int i = 0; i < size; i++) maxMagnitude = Math.Max(maxMagnitude, gRe[i] * gRe[i] + gIm[i] * gIm[i]);
        double threshold = PenaltyFraction * Math.Sqrt(maxMagnitude) * step;

        double t = 1;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            if (iteration > 0) GradientAt(yRe, yIm);
            Array.Copy(xRe, prevRe, size); Array.Copy(xIm, prevIm, size);
            for (int i = 0; i < size; i++)
            {
                double zr = yRe[i] - step * gRe[i], zi = yIm[i] - step * gIm[i];
                double magnitude = Math.Sqrt(zr * zr + zi * zi);
                double keep = magnitude > threshold ? 1 - threshold / magnitude : 0;
                xRe[i] = keep * zr; xIm[i] = keep * zi;
            }
            double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
            double momentum = (t - 1) / tNext;
            for (int i = 0; i < size; i++)
            {
                yRe[i] = xRe[i] + momentum * (xRe[i] - prevRe[i]);
                yIm[i] = xIm[i] + momentum * (xIm[i] - prevIm[i]);
            }
            t = tNext;
        }
        dictionary.Synthesize(xRe, xIm, h);
        return new ChannelEstimate(input.Unscale(h), Iterations: Iterations);
    }
}
