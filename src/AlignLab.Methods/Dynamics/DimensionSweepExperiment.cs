using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static AlignLab.Core.Numerics.Stats;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Dynamics;

/// <summary>Embedding-dimension sweep in the Theorem-1 regime (W_V only, and all of W_Q, W_K, W_V).</summary>
public sealed class DimensionSweepExperiment : DynamicsExperiment<DimensionSweepSettings, DimensionSweepResult>
{
    public override string Id => "dynamics/b1-dimension-sweep";
    public override string Title => "Embedding-dimension sweep (Theorem-1 regime): fitting Nn random targets vs D, and the observed linear rate against 1 − η σ_min(C_0)²";
    public override DimensionSweepSettings Quick => DimensionSweepSettings.Quick;
    public override DimensionSweepSettings Full => DimensionSweepSettings.Full;

    public override DimensionSweepResult Measure(DimensionSweepSettings settings, ExperimentContext context) =>
        DimensionSweepStudy.Measure(settings, context.Threads, context.Stage("dimension-sweep trials"), context.Cancel);

    protected override DimensionSweepSettings Narrow(DimensionSweepSettings preset, DynamicsRunRequest request) =>
        preset with { Kernels = request.KernelsOr(preset.Kernels), Dims = request.DimsOr(preset.Dims), Iterations = request.Iterations ?? preset.Iterations };

    private static double MedianLoss(List<DimensionSweepRun> runs) => Median(runs, r => r.RelativeLoss);

    private static string Count(List<DimensionSweepRun> runs, double threshold) => $"{CountBelow(runs, threshold)}/{runs.Count}";

    protected override void Describe(Report report, DimensionSweepSettings s, DimensionSweepResult result)
    {
        var cells = (from mode in s.Modes from kernel in s.Kernels from dim in s.Dims
                     select (Mode: mode, Kernel: kernel, Dim: dim, Runs: result.Select(mode, kernel, dim))).ToList();
        report.Metrics["experiment"] = "b1";
        report.Metrics["targets_Nn"] = s.TargetCount;
        report.Metrics["cells"] = cells.Select(c => new Dictionary<string, object?>
        {
            ["mode"] = ModeName(c.Mode), ["kernel"] = c.Kernel.Name(), ["dim"] = c.Dim,
            ["median_relative_loss"] = MedianLoss(c.Runs), ["below_1e-4"] = CountBelow(c.Runs, 1e-4), ["below_1e-6"] = CountBelow(c.Runs, 1e-6),
            ["seeds"] = c.Runs.Count,
            ["median_sigma_min_C0"] = Median(c.Runs, r => r.SigmaMin0), ["median_sigma_max_C0"] = Median(c.Runs, r => r.SigmaMax0),
            ["median_sigma_min_final"] = Median(c.Runs, r => r.SigmaMinFinal),
            ["median_least_squares_relative"] = Median(c.Runs, r => r.LeastSquaresRelative),
            ["median_observed_rate"] = Median(c.Runs, r => r.ObservedRate), ["median_rate_bound"] = Median(c.Runs, r => r.RateBound),
            ["median_minimum_pl"] = Median(c.Runs, r => r.MinimumPl), ["median_gradient_ratio"] = Median(c.Runs, r => r.GradientRatio),
        }).ToList();
        report.Metrics["iterations"] = s.Iterations;
        report.Metrics["seeds"] = s.Seeds.ToArray();
        report.Metrics["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1);

        AddClaims(report, s, result);
        report.Tables.Add(new Table(
            "Medians over seeds; E = ½‖y‖², the zero predictor's loss. Rates are given as 1 − rate (per-iteration decrease of f): observed (f_T/f_0)^{1/T} (each run against its own start) vs the bound's η σ_min(C_0)² (η = constant step or mean Armijo step); min PL = min_t ‖∇f‖²/(2f).",
            ["mode", "kernel", "D", "f_T/E", "< 1e-4", "< 1e-6", "σ_min(C_0)", "σ_min(C_T)", "least-squares f*/E", "1 − observed rate", "η σ_min(C_0)²", "min PL"],
            cells.Select(c => (IReadOnlyList<string>)[
                ModeName(c.Mode), c.Kernel.Name(), Int(c.Dim), G(MedianLoss(c.Runs)), Count(c.Runs, 1e-4), Count(c.Runs, 1e-6),
                G(Median(c.Runs, r => r.SigmaMin0)), G(Median(c.Runs, r => r.SigmaMinFinal)),
                c.Mode == SweepMode.AllWeights ? "–" : G(Median(c.Runs, r => r.LeastSquaresRelative)),
                F(1 - Median(c.Runs, r => r.ObservedRate), "0.00e+0"), F(1 - Median(c.Runs, r => r.RateBound), "0.00e+0"),
                G(Median(c.Runs, r => r.MinimumPl)),
            ]).ToList()));
        report.Figures.AddRange(DimensionSweepFigures.Build(result));
        report.Summary = string.Join("\n",
            $"Random-target regression, one head, scalar token outputs: N = {s.Sequences}, n = {s.Tokens} (Nn = {s.TargetCount} targets), d = {s.KeyDim}, " +
            $"D ∈ {{{List(s.Dims)}}}, {s.Iterations} full-batch GD iterations, {s.Seeds}; initialisation X ~ N(0, 1/D), y ~ N(0, 1), " +
            $"W_Q, W_K ~ N(0, {G(s.AttentionInitScale * s.AttentionInitScale)}/d), W_V ~ N(0, {G(s.ValueInitStd * s.ValueInitStd)}), W_O = 1; " +
            $"every mode and kernel starts from the same data and weights for a given (seed, D). Losses are given relative to E = ½‖y‖², the loss of the zero predictor, which both kernels share (their f_0 differ slightly through their initial outputs). Run time {result.Elapsed.TotalSeconds:0.0} s.",
            "",
            $"Modes: `value-only` trains W_V with Armijo steps ({ArmijoRule}; a least-squares problem in W_V through C = [S_1X_1; …; S_NX_N]); " +
            "`value-only-constant` trains W_V with η = 1/σ_max(C_0)², the exact Lipschitz constant, to compare the observed rate with 1 − η σ_min(C_0)²; " +
            "`all-weights` trains W_Q, W_K, W_V with Armijo steps and measures σ_min(C_t) along the way.",
            "",
            ConditioningParagraph(s, result),
            "",
            AllWeightsParagraph(s, result),
            "",
            PrecisionNote);
    }

    /// <summary>A claim over the (kernel, D) cells of one mode that pass <paramref name="dims"/>, held when every cell holds.</summary>
    private static void CellClaim(Report report, DimensionSweepResult result, SweepMode mode, IEnumerable<AttentionKernel> kernels, Func<int, bool> dims,
                                  string statement, string paper, Func<int, List<DimensionSweepRun>, (bool Held, string Text)> cell, bool withKernel = true)
    {
        if (!result.Settings.Modes.Contains(mode)) return;
        var outcomes = (from kernel in kernels from dim in result.Settings.Dims where dims(dim)
                        let o = cell(dim, result.Select(mode, kernel, dim))
                        select (o.Held, Text: (withKernel ? $"{kernel.Name()} D={dim}: " : $"D={dim}: ") + o.Text)).ToList();
        if (outcomes.Count > 0)
            report.Claims.Add(new Claim(statement, string.Join("; ", outcomes.Select(o => o.Text)), paper, outcomes.All(o => o.Held)));
    }

    private static void AddClaims(Report report, DimensionSweepSettings s, DimensionSweepResult result)
    {
        int nn = s.TargetCount;
        CellClaim(report, result, SweepMode.ValueOnly, s.Kernels, d => d < nn,
            $"D < Nn = {nn}, W_V only: the loss plateaus at ≈ (1 − D/Nn)·E (within ±0.1), no fit",
            "Not stated in the paper (follows from Theorem 1's rank condition: C has rank D < Nn, so W_V fits a random target only in a D-dimensional subspace, leaving 1 − D/Nn of its energy in expectation). Our threshold: ±0.1, because with Nn targets the leftover fraction varies by about 1/√Nn",
            (dim, runs) =>
            {
                double median = MedianLoss(runs), expected = 1.0 - (double)dim / nn;
                return (Math.Abs(median - expected) <= 0.1, $"{G(median)} (1 − D/Nn = {G(expected)}, least squares {G(Median(runs, r => r.LeastSquaresRelative))})");
            });
        CellClaim(report, result, SweepMode.ValueOnly, s.Kernels, d => d >= nn,
            $"D ≥ Nn = {nn}, W_V only: f/E < 1e-6 in every seed, both kernels (convex sanity check)",
            "Theorem 1 (qualitative): global convergence when σ_min(C_0) is bounded away from 0; no rate stated in the paper. Our threshold: 1e-6, because W_V-only training is a convex least-squares problem whose optimum here is 0",
            (_, runs) => (CountBelow(runs, 1e-6) == runs.Count, $"{Count(runs, 1e-6)} (median f/E {G(MedianLoss(runs))}, σ_min(C_0) {G(Median(runs, r => r.SigmaMin0))})"));
        CellClaim(report, result, SweepMode.AllWeights, s.Kernels, d => d == 64 && d < nn,
            "All weights at D = 64 (< Nn): no seed reaches f/E < 1e-4",
            "Not stated in the paper (below D = Nn Theorem 1's full-rank condition fails). Our threshold: 1e-4 of E, the success level used throughout these reports",
            (_, runs) => (CountBelow(runs, 1e-4) == 0, $"{Count(runs, 1e-4)} below 1e-4, median f/E {G(MedianLoss(runs))}"));
        CellClaim(report, result, SweepMode.AllWeights, s.Kernels.Where(k => k == AttentionKernel.Softmax), d => d >= nn,
            "All weights, softmax, D ≥ Nn: f/E < 1e-4 in ≥ 80 % of seeds (global convergence with large D)",
            "Theorem 1 (qualitative): linear convergence to a global minimum for large D; no success rate stated in the paper. Our threshold: 80 % of seeds, because the theorem's conditions hold only with high probability over the initialisation",
            (_, runs) => (CountBelow(runs, 1e-4) >= (int)Math.Ceiling(0.8 * runs.Count), $"{Count(runs, 1e-4)} (median f/E {G(MedianLoss(runs))})"), withKernel: false);

        var large = s.Dims.Where(d => d >= nn).ToList();
        if (s.Modes.Contains(SweepMode.AllWeights) && large.Count > 0 && s.Kernels.Contains(AttentionKernel.Softmax) && s.Kernels.Contains(AttentionKernel.Gaussian))
        {
            int Fitted(AttentionKernel kernel) => large.Sum(d => CountBelow(result.Select(SweepMode.AllWeights, kernel, d), 1e-4));
            int soft = Fitted(AttentionKernel.Softmax), gauss = Fitted(AttentionKernel.Gaussian), runs = large.Count * s.Seeds.Count;
            report.Claims.Add(new Claim("In this all-weights random-target regime the Gaussian kernel converges more slowly than softmax (fewer seeds below 1e-4 at D ≥ Nn)",
                $"Gaussian {gauss}/{runs}, softmax {soft}/{runs}", "Not stated in the paper (its figures do not cover this regime)", gauss < soft));
        }
        var constant = result.Runs.Where(r => r.Mode == SweepMode.ValueOnlyConstantStep && r.Dim >= nn).ToList();
        if (constant.Count > 0)
        {
            double worstExcess = constant.Max(r => r.WorstStepRate - r.RateBound);
            report.Claims.Add(new Claim(
                "Constant step η = 1/L, W_V only, D ≥ Nn: every iteration contracts f by at least 1 − η σ_min(C_0)² (the linear rate of Theorem 1)",
                $"max over runs of (worst per-step ratio − bound) = {G(worstExcess)}; but η σ_min(C_0)² is only {G(Median(constant, r => 1.0 - r.RateBound))} (median), so the guaranteed rate is ≈ 1 per step",
                "Theorem 1: linear rate governed by σ_min(C_0)² (constants not stated in the abstract or figure captions we could read)", worstExcess <= 1e-12));
        }
    }

    /// <summary>
    /// Why W_V alone cannot fit at D ≥ Nn within the budget, with this run's σ_min(C_0): C = blockdiag(S_i)·X and each
    /// S_i is the elementwise exponential of a rank-d logit (or squared-distance) matrix with O(1) entries, which is
    /// numerically low-rank, so σ_min(C_0) is tiny even when X is well conditioned.
    /// </summary>
    private static string ConditioningParagraph(DimensionSweepSettings s, DimensionSweepResult result)
    {
        int nn = s.TargetCount;
        var runs = result.Runs.Where(r => r.Dim >= nn && r.Mode == SweepMode.ValueOnly).ToList();
        if (runs.Count == 0) return $"No W_V-only run had D ≥ Nn = {nn}, so σ_min(C_0) > 0 was not tested.";
        var kappa2 = runs.Select(r => r.SigmaMax0 * r.SigmaMax0 / (r.SigmaMin0 * r.SigmaMin0)).ToList();
        return $"Conditioning at D ≥ Nn = {nn}: σ_min(C_0) ranged over {G(runs.Min(r => r.SigmaMin0))} … {G(runs.Max(r => r.SigmaMin0))}, i.e. the W_V problem " +
               $"(convex, with exact optimum 0 because the targets lie in C's range) has condition number κ² = {G(kappa2.Min())} … {G(kappa2.Max())}. " +
               "The reason is C = blockdiag(S_i)·X: each S_i is the elementwise exponential of a rank-d (here d = " + s.KeyDim + ") logit matrix " +
               "(softmax) or of the squared distances of n points in R^d (Gaussian) with O(1) entries, and such matrices are numerically " +
               "low-rank (their singular values fall off like the terms of exp's power series), whatever X is. GD then needs ~κ² iterations " +
               "and the linear-rate guarantee 1 − η σ_min(C_0)² is ≈ 1 per step, so a W_V-only run stalling far above 1e-6 is slow " +
               "convergence toward a zero-loss optimum, not a wrong optimum; when W_Q and W_K also train, their gradients add the directions " +
               "the frozen-attention Jacobian lacks. A quick convex fit is therefore not to be expected at this initialisation.";
    }

    /// <summary>The all-weights runs per kernel, in words, from this run's medians.</summary>
    private static string AllWeightsParagraph(DimensionSweepSettings s, DimensionSweepResult result)
    {
        if (!s.Modes.Contains(SweepMode.AllWeights)) return "";
        var parts = s.Kernels.Select(k => $"{k.Name()}: " + string.Join(", ", s.Dims.Select(d =>
        {
            var runs = result.Select(SweepMode.AllWeights, k, d);
            return $"D = {d} → {G(MedianLoss(runs))} ({Count(runs, 1e-4)} < 1e-4)";
        })));
        return "All weights trained (median f_T/E): " + string.Join("; ", parts) + ". Training W_Q and W_K adds 2·D·d parameters, so the " +
               "all-weights model can fit below D = Nn (rank(C) = D limits only the W_V-only model). Where both kernels fit, the Gaussian kernel " +
               "was slower in this regime at this initialisation; `dynamics/b2-attention-only` tests the regime where the paper expects it to help.";
    }

    internal static string ModeName(SweepMode mode) => mode switch
    {
        SweepMode.ValueOnly => "value-only",
        SweepMode.ValueOnlyConstantStep => "value-only-constant",
        _ => "all-weights",
    };

    internal static int CountBelow(List<DimensionSweepRun> runs, double threshold) => runs.Count(r => r.RelativeLoss < threshold);
}
