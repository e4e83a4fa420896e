using AlignLab.Core;
using AlignLab.Core.Numerics;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Dynamics;

/// <summary>Success rate vs D per kernel when only W_Q, W_K train (the key figure of the reproduction).</summary>
public sealed class AttentionOnlyExperiment : DynamicsExperiment<AttentionOnlySettings, AttentionOnlyResult>
{
    public override string Id => "dynamics/b2-attention-only";
    public override string Title => "Only attention trained (W_Q, W_K): success rate vs embedding dimension, softmax vs Gaussian kernel";
    public override AttentionOnlySettings Quick => AttentionOnlySettings.Quick;
    public override AttentionOnlySettings Full => AttentionOnlySettings.Full;

    public override AttentionOnlyResult Measure(AttentionOnlySettings settings, ExperimentContext context) =>
        AttentionOnlyStudy.Measure(settings, context.Threads, context.Stage("attention-only trials"), context.Cancel);

    protected override AttentionOnlySettings Narrow(AttentionOnlySettings preset, DynamicsRunRequest request) =>
        preset with { Kernels = request.KernelsOr(preset.Kernels), Dims = request.DimsOr(preset.Dims), Iterations = request.Iterations ?? preset.Iterations };

    protected override void Describe(Report report, AttentionOnlySettings s, AttentionOnlyResult result)
    {
        var cells = result.Cells.Select(cell => new Dictionary<string, object?>
        {
            ["kernel"] = cell.Kernel.Name(), ["dim"] = cell.Dim, ["success_rate"] = cell.SuccessRate, ["successes"] = cell.Successes,
            ["seeds"] = cell.Runs.Count, ["median_relative_loss"] = cell.MedianRelativeLoss,
            ["median_start_relative_loss"] = cell.MedianStartRelativeLoss, ["median_loss_over_f0"] = cell.MedianLossOverStart,
            ["median_gradient_ratio"] = Stats.Median(cell.Runs, r => r.GradientRatio),
            ["failure_relative_gradient_median"] = MedianOrNull(cell.FailureRelativeGradients()), ["failure_relative_gradients"] = cell.FailureRelativeGradients(),
        }).ToList();
        report.Metrics["experiment"] = "b2";
        report.Metrics["success_rate"] = result.Cells.GroupBy(c => c.Kernel.Name())
            .ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Dim.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.SuccessRate));
        report.Metrics["cells"] = cells;
        report.Metrics["iterations"] = s.Iterations;
        report.Metrics["seeds"] = s.Seeds.ToArray();
        report.Metrics["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1);

        AddClaims(report, s, result);
        report.Tables.Add(new Table(
            $"Success (f_T/E < {G(s.SuccessThreshold)}, E = ½‖y‖² the zero predictor's loss) per kernel and D, medians over seeds. " +
            "f_T/f_0 is the old, start-relative measure, shown to explain the change: the Gaussian student starts far above E, so f_T/f_0 flatters it. " +
            "Last column: ‖∇f_T‖/f_T of the failed runs (near 0 = stationary point)",
            ["kernel", "D", "successes", "rate", "f_0/E", "f_T/E", "f_T/f_0", "‖∇f_T‖/f_T (failures)"],
            result.Cells.Select(cell => (IReadOnlyList<string>)[
                cell.Kernel.Name(), Int(cell.Dim), $"{cell.Successes}/{cell.Runs.Count}", Percent(cell.SuccessRate),
                G(cell.MedianStartRelativeLoss), G(cell.MedianRelativeLoss), G(cell.MedianLossOverStart),
                MedianOrNull(cell.FailureRelativeGradients()) is double m ? G(m) : "–",
            ]).ToList()));
        report.Figures.AddRange(AttentionOnlyFigures.Build(result));
        report.Summary = Summary(s, result);
    }

    private static double? MedianOrNull(List<double> values) => values.Count > 0 ? Stats.Median(values.ToArray()) : null;

    private static void AddClaims(Report report, AttentionOnlySettings s, AttentionOnlyResult result)
    {
        string success = $"f_T/E < {G(s.SuccessThreshold)}";
        void PairClaim(int dim, string statement, string paper, Func<double, double, bool> held)
        {
            if (result.Cell(AttentionKernel.Softmax, dim) is { } soft && result.Cell(AttentionKernel.Gaussian, dim) is { } gauss)
                report.Claims.Add(new Claim(statement, $"Gaussian {Percent(gauss.SuccessRate)}, softmax {Percent(soft.SuccessRate)}",
                                            paper, held(soft.SuccessRate, gauss.SuccessRate)));
        }
        PairClaim(8, $"At D = 8, GD on attention reaches the teacher ({success}) far more often with the Gaussian kernel (≥ 75 % of seeds) than with softmax (≤ 35 %)",
            "Theorem 2 (qualitative): softmax attention can stall at sub-optimal stationary points, the Gaussian kernel reaches the global optimum; " +
            "success rates not stated in the paper. Our threshold: ≥ 75 % vs ≤ 35 %, fixed before the run, because a qualitative advantage " +
            "should show as a gap of 40 points or more at 20 seeds",
            (soft, gauss) => gauss >= 0.75 && soft <= 0.35);
        PairClaim(16, $"At D = 16, Gaussian succeeds ({success}) in ≥ 80 % of seeds and at least 20 points more often than softmax",
            "Not stated in the paper (qualitative: Gaussian converges where softmax does not). Our threshold: ≥ 80 % and a 20-point gap, " +
            "because at 20 seeds a smaller gap is within seed noise",
            (soft, gauss) => gauss >= 0.8 && gauss - soft >= 0.2 - 1e-12);
        var large = result.Cells.Where(c => c.Dim >= 32).ToList();
        if (large.Count > 0)
            report.Claims.Add(new Claim($"With large D (≥ 32) both kernels succeed ({success}) in ≥ 80 % of seeds (large D helps both)",
                string.Join("; ", large.Select(c => $"{c.Kernel.Name()} D={c.Dim}: {Percent(c.SuccessRate)}")),
                "Theorem 1 (qualitative): with large D, GD reaches a global optimum for either kernel. Our threshold: 80 % of seeds, " +
                "because the theorem's conditions hold only with high probability over the initialisation",
                large.All(c => c.SuccessRate >= 0.8)));
        var softFailures = result.Cells.Where(c => c.Kernel == AttentionKernel.Softmax).SelectMany(c => c.FailureRelativeGradients()).ToArray();
        var gaussFailures = result.Cells.Where(c => c.Kernel == AttentionKernel.Gaussian).SelectMany(c => c.FailureRelativeGradients()).ToArray();
        if (softFailures.Length > 0 && gaussFailures.Length > 0)
        {
            double softMedian = Stats.Median(softFailures), gaussMedian = Stats.Median(gaussFailures);
            report.Claims.Add(new Claim(
                "Softmax failures sit on plateaus that still descend, Gaussian failures near stationary points: the median relative gradient ‖∇f_T‖/f_T " +
                "of softmax failures is at least 10× that of Gaussian failures",
                $"softmax failures: median {G(softMedian)} ({softFailures.Length} runs); Gaussian failures: median {G(gaussMedian)} ({gaussFailures.Length} runs)",
                "Not stated in the paper (qualitative: softmax saturates, giving flat regions). Our threshold: a factor 10, because ‖∇f_T‖/f_T " +
                "does not change when the targets are rescaled but has no absolute scale; both kernels share the weight scales",
                softMedian >= 10 * gaussMedian));
        }
    }

    private static string Summary(AttentionOnlySettings s, AttentionOnlyResult result)
    {
        var rates = s.Dims.Select(dim => (Dim: dim, Soft: result.Cell(AttentionKernel.Softmax, dim), Gauss: result.Cell(AttentionKernel.Gaussian, dim)))
            .Select(c => $"- D = {c.Dim}: {(c.Soft is null ? "–" : Percent(c.Soft.SuccessRate))} vs {(c.Gauss is null ? "–" : Percent(c.Gauss.SuccessRate))}" +
                         (c.Gauss is null ? "" : $" (Gaussian median f_0/E = {G(c.Gauss.MedianStartRelativeLoss)}, f_T/E = {G(c.Gauss.MedianRelativeLoss)})"));
        int smallest = s.Dims.Min();
        bool advantage = result.Cell(AttentionKernel.Softmax, smallest) is { } soft && result.Cell(AttentionKernel.Gaussian, smallest) is { } gauss
                         && gauss.SuccessRate > soft.SuccessRate;
        return string.Join("\n",
            $"Teacher–student regression with one attention layer (N = {s.Sequences} sequences of n = {s.Tokens} tokens, d = {s.KeyDim}, scalar outputs). " +
            $"The teacher uses the student's kernel with W_Q, W_K scaled ×{s.TeacherScale} (sharp attention); the student shares the teacher's W_V and " +
            $"trains only W_Q, W_K, from W_Q, W_K ~ N(0, {G(s.StudentScale * s.StudentScale)}/d), by full-batch Armijo GD ({ArmijoRule}) for {s.Iterations} iterations. Trial {s.Seeds}; with the same seed both " +
            $"kernels see the same inputs and weight draws. Run time {result.Elapsed.TotalSeconds:0.0} s.",
            "",
            "Kernel-neutral measure. Success is f_T/E < " + G(s.SuccessThreshold) + " with E = ½‖y‖², the loss of the predictor that outputs zero, " +
            "and the teacher's W_V is scaled so both kernels' targets have RMS " + G(s.TargetRms) + ". Measuring against f_0 instead is not fair to " +
            "softmax: a sharp unnormalised Gaussian teacher has most attention weights ≈ 1e-4 (its targets are several times smaller), while the Gaussian student starts " +
            "with every weight ≈ 1, so its f_0 is hundreds of times E and even the zero predictor scores f/f_0 ≈ 1e-3; softmax rows sum to 1 " +
            "on both sides, so its f_0 is about E.",
            "",
            "Observed success rates (softmax vs Gaussian):",
            string.Join("\n", rates),
            "",
            advantage
                ? "The Gaussian kernel's advantage when only attention trains holds under the kernel-neutral measure."
                : "The Gaussian kernel's advantage when only attention trains does not hold under the kernel-neutral measure: the Gaussian student " +
                  "reduces its own inflated starting loss by a larger factor, but ends further from the targets than softmax. " +
                  "Measured against f_0 (column f_T/f_0), its runs would look successful. The all-weights random-target regime is reported by `dynamics/b1-dimension-sweep`.",
            "",
            PrecisionNote);
    }
}
