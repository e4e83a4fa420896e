using AlignLab.Core.Numerics;
namespace AlignLab.Methods.Irl;

/// <summary>The maximiser of L over state-only rewards, found by <see cref="LikelihoodOptimum.StateOnly"/>.</summary>
public sealed record LikelihoodOptimumResult(double Likelihood, double[] StateReward, double GradientNormSquared, int NewtonSteps);

/// <summary>
/// L_opt: the largest demonstration likelihood a state-only reward reaches, max_r L(r) over r ∈ ℝ^S (every
/// state-only reward model is a restriction of this table, so L_opt bounds them all; a wide enough network reaches it).
/// Damped Newton on the exact gradient with a Hessian from central differences of that gradient, to ‖∇L‖² below a
/// tolerance. L is invariant to adding a constant to r, so the Hessian is singular along 1; the Levenberg–Marquardt
/// damping keeps the step finite and the gradient never points along 1, so the step never moves the constant.
/// For state-action rewards there is nothing to solve: every full-support policy is soft-optimal for r = log π, so
/// the optimum is L* (a supremum).
/// </summary>
public static class LikelihoodOptimum
{
    public static LikelihoodOptimumResult StateOnly(Demonstrations demos, double tolerance = 1e-12, int maxSteps = 200)
    {
        ArgumentNullException.ThrowIfNull(demos);
        if (!(tolerance > 0)) throw new ArgumentException($"tolerance: {tolerance} must be positive");
        var evaluator = new Evaluator(demos);
        int n = demos.Mdp.StateCount;
        var r = new double[n];
        var (f, g) = evaluator.At(r);
        double damping = 1e-6;
        for (int step = 0; step < maxSteps; step++)
        {
            double norm = DenseKernels.Dot(g, g);
            if (norm < tolerance) return new LikelihoodOptimumResult(f, r, norm, step);
            var hessian = Hessian(evaluator, r, n);
            bool moved = false;
            for (int attempt = 0; attempt < 60 && !moved; attempt++, damping *= 10)
            {
                var p = DampedNewtonStep(hessian, g, n, damping);
                if (p is null) continue;
                double slope = DenseKernels.Dot(g, p);
                for (double t = 1; t > 1e-8; t /= 2)
                {
                    var trial = new double[n];
                    for (int i = 0; i < n; i++) trial[i] = r[i] + t * p[i];
                    var (ft, gt) = evaluator.At(trial);
                    // Near the optimum f changes below its rounding; a smaller gradient is then the progress to accept.
                    bool sufficient = ft >= f + 1e-4 * t * slope || (DenseKernels.Dot(gt, gt) < norm && ft >= f - 1e-12 * (1 + Math.Abs(f)));
                    if (!sufficient) continue;
                    (r, f, g) = (trial, ft, gt);
                    moved = true;
                    break;
                }
            }
            if (!moved) throw new InvalidOperationException($"likelihood optimum: no ascent step at ‖∇L‖² = {norm:g3}");
            damping = Math.Max(damping / 1000, 1e-10);
        }
        double final = DenseKernels.Dot(g, g);
        if (final >= tolerance)
            throw new InvalidOperationException($"likelihood optimum: ‖∇L‖² = {final:g3} after {maxSteps} Newton steps (tolerance {tolerance:g})");
        return new LikelihoodOptimumResult(f, r, final, maxSteps);
    }

    /// <summary>Central differences of the exact gradient, symmetrised.</summary>
    private static double[] Hessian(Evaluator evaluator, double[] r, int n)
    {
        const double h = 1e-4;
        var hessian = new double[n * n];
        var probe = (double[])r.Clone();
        for (int j = 0; j < n; j++)
        {
            probe[j] = r[j] + h;
            var up = evaluator.At(probe).Gradient;
            probe[j] = r[j] - h;
            var down = evaluator.At(probe).Gradient;
            probe[j] = r[j];
            for (int i = 0; i < n; i++) hessian[i * n + j] = (up[i] - down[i]) / (2 * h);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) hessian[i * n + j] = hessian[j * n + i] = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
        return hessian;
    }

    /// <summary>p = (−H + μI)^{-1} g by Cholesky, or null when −H + μI is not positive definite (then μ grows).</summary>
    private static double[]? DampedNewtonStep(double[] hessian, double[] g, int n, double damping)
    {
        var a = new double[n * n];
        for (int i = 0; i < a.Length; i++) a[i] = -hessian[i];
        for (int i = 0; i < n; i++) a[i * n + i] += damping;
        for (int j = 0; j < n; j++)
        {
            double diag = a[j * n + j];
            for (int k = 0; k < j; k++) diag -= a[j * n + k] * a[j * n + k];
            if (!(diag > 0)) return null;
            diag = Math.Sqrt(diag);
            a[j * n + j] = diag;
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) sum -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = sum / diag;
            }
        }
        var p = (double[])g.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < i; k++) p[i] -= a[i * n + k] * p[k];
            p[i] /= a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            for (int k = i + 1; k < n; k++) p[i] -= a[k * n + i] * p[k];
            p[i] /= a[i * n + i];
        }
        return p;
    }

    /// <summary>L and its state-reward gradient, with the soft Q kept warm between nearby rewards.</summary>
    private sealed class Evaluator(Demonstrations demos)
    {
        private readonly double[] _q = new double[demos.Weights.Length];
        private readonly double[] _table = new double[demos.Weights.Length];

        public (double Likelihood, double[] Gradient) At(ReadOnlySpan<double> stateReward)
        {
            var mdp = demos.Mdp;
            int actions = mdp.ActionCount;
            for (int i = 0; i < _table.Length; i++) _table[i] = stateReward[i / actions];
            // ‖ΔQ‖∞ < 1e-12 leaves Q within 1e-11 of its fixed point, far below the 1e-6 gradient norms solved for.
            SoftBellman.Solve(mdp, _table, _q, 1e-12);
            var logPolicy = SoftBellman.LogPolicy(_q, actions);
            var w = DemonstrationLikelihood.SuccessorWeights(demos, new StateFlow(mdp, logPolicy));
            var gradient = new double[mdp.StateCount];
            for (int i = 0; i < w.Length; i++) gradient[i / actions] += w[i];
            return (DemonstrationLikelihood.LogLikelihood(demos, logPolicy), gradient);
        }
    }
}
