namespace AlignLab.Methods.Mimo;

/// <summary>
/// REDEEM's u-update: argmin_u f(u) − ⟨λ, u⟩ + (ρ/2)‖r − u‖² by EM/MM with Nesterov extrapolation (code: 60
/// iterations, no early stop, the interval probability floored at 1e-3 in the E-step). M-step:
/// u = W(Mᵀỹ/σ² + λ + ρr), W = (MᵀM/σ² + ρI)^{-1}.
/// Implementation: every iterate has the form u = Mᵀα + c with c = W(λ + ρr), and Mu = ỹ − ρσ²α + σ²G^{-1}M(λ + ρr)
/// (G = ρσ²I + MMᵀ), so the 60 iterations run in the R-dimensional measurement domain at O(R²) each; u itself is
/// formed once at the end. Equal to the code's P-dimensional iteration up to rounding.
/// </summary>
public sealed class LikelihoodStep
{
    private readonly WoodburyInverse _woodbury;
    private readonly QuantizedFeedback _feedback;
    private readonly double[] _x, _tmpP, _g, _yv, _vPre, _yTilde, _alpha;

    public LikelihoodStep(WoodburyInverse woodbury, QuantizedFeedback feedback, int iterations = 60,
                          double minIntervalProbability = 1e-3, bool nesterov = true)
    {
        if (feedback.Measurements != woodbury.Sensing.Rows)
            throw new ArgumentException($"feedback has {feedback.Measurements} measurements, sensing matrix {woodbury.Sensing.Rows} rows.", nameof(feedback));
        if (Math.Abs(feedback.Sigma - woodbury.Sigma) > 1e-12 * feedback.Sigma)
            throw new ArgumentException($"the Woodbury inverse was built for sigma {woodbury.Sigma}, the feedback has {feedback.Sigma}.", nameof(woodbury));
        if (iterations < 1) throw new ArgumentException($"EM iterations must be >= 1, got {iterations}.", nameof(iterations));
        if (!(minIntervalProbability >= 0)) throw new ArgumentException($"probability floor must be >= 0, got {minIntervalProbability}.", nameof(minIntervalProbability));
        _woodbury = woodbury;
        _feedback = feedback;
        Iterations = iterations;
        MinIntervalProbability = minIntervalProbability;
        Nesterov = nesterov;
        int r = woodbury.Sensing.Rows, p = woodbury.Sensing.Columns;
        _x = new double[p]; _tmpP = new double[p];
        _g = new double[r]; _yv = new double[r]; _vPre = new double[r]; _yTilde = new double[r]; _alpha = new double[r];
    }

    public int Iterations { get; }
    public double MinIntervalProbability { get; }
    public bool Nesterov { get; }

    /// <param name="lambda">Dual variable (length P).</param>
    /// <param name="structured">r: the structured (K-path) copy (length P).</param>
    /// <param name="u">In: the warm start; out: the new u (length P).</param>
    /// <param name="mu">In: M·u of the warm start; out: M·u of the result (length R).</param>
    public void Solve(ReadOnlySpan<double> lambda, ReadOnlySpan<double> structured, Span<double> u, Span<double> mu)
    {
        var m = _woodbury.Sensing;
        double rho = _woodbury.Rho, sigma = _woodbury.Sigma, s2 = sigma * sigma, shift = rho * s2;
        int r = m.Rows;
        // c = W x = (x − Mᵀ G^{-1} M x)/ρ with x = λ + ρ r; M c = σ² G^{-1} M x
        for (int i = 0; i < _x.Length; i++) _x[i] = lambda[i] + rho * structured[i];
        m.Multiply(_x, _yTilde);
        _woodbury.ApplyGramInverse(_yTilde, _g);
        m.MultiplyTransposed(_g, _tmpP);
        for (int i = 0; i < _x.Length; i++) _x[i] = (_x[i] - _tmpP[i]) / rho; // _x now holds c

        mu.CopyTo(_yv);
        double t = 1;
        var lower = _feedback.Lower; var upper = _feedback.Upper;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            mu.CopyTo(_vPre);
            for (int i = 0; i < r; i++)
                _yTilde[i] = NormalDistribution.TruncatedMean(_yv[i], lower[i], upper[i], sigma, MinIntervalProbability);
            _woodbury.ApplyGramInverse(_yTilde, _alpha);
            for (int i = 0; i < r; i++) mu[i] = _yTilde[i] - shift * _alpha[i] + s2 * _g[i];
            double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
            double momentum = Nesterov ? (t - 1) / tNext : 0;
            for (int i = 0; i < r; i++) _yv[i] = mu[i] + momentum * (mu[i] - _vPre[i]);
            t = tNext;
        }
        m.MultiplyTransposed(_alpha, u);
        for (int i = 0; i < u.Length; i++) u[i] += _x[i];
    }
}
