using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static AlignLab.Core.Numerics.Stats;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Dynamics;

/// <summary>Two-stage training and the loss landscape around each kernel's stage-2 end point.</summary>
public sealed class TwoStageLandscapeExperiment : DynamicsExperiment<TwoStageLandscapeSettings, TwoStageLandscapeResult>
{
    public override string Id => "dynamics/b3-landscape";
    public override string Title => "Two-stage training (softmax, then softmax or Gaussian): loss landscape and roughness per kernel";
    public override TwoStageLandscapeSettings Quick => TwoStageLandscapeSettings.Quick;
    public override TwoStageLandscapeSettings Full => TwoStageLandscapeSettings.Full;

    public override TwoStageLandscapeResult Measure(TwoStageLandscapeSettings settings, ExperimentContext context) =>
        TwoStageLandscapeStudy.Measure(settings, context.Threads, context.Stage("landscape seeds"), context.Cancel);

    protected override TwoStageLandscapeSettings Narrow(TwoStageLandscapeSettings preset, DynamicsRunRequest request)
    {
        request.Reject(request.Kernel is not null, nameof(request.Kernel), "the landscape experiment always compares both kernels (stage 2 with each)");
        return preset with { Dim = request.Dim ?? preset.Dim, Stage2Iterations = request.Iterations ?? preset.Stage2Iterations };
    }

    private static double MedianOf(TwoStageLandscapeResult result, AttentionKernel kernel, double range, Func<LandscapeRoughness, double> number) =>
        Median(result.Across(kernel, range, number));

    private static int SingleBasins(TwoStageLandscapeResult result, AttentionKernel kernel, double range) =>
        result.Across(kernel, range, r => r.LocalMinima).Count(m => m == 1);

    private static double MedianEnd(TwoStageLandscapeResult result, AttentionKernel kernel) => Median(result.Trials, t => t.Outcome(kernel).EndLoss);

    protected override void Describe(Report report, TwoStageLandscapeSettings s, TwoStageLandscapeResult result)
    {
        var kernels = TwoStageLandscapeStudy.Kernels;
        report.Metrics["experiment"] = "b3";
        report.Metrics["dim"] = s.Dim;
        report.Metrics["kernels"] = kernels.ToDictionary(k => k.Name(), k => new Dictionary<string, object?>
        {
            ["stage2_end_loss_median"] = MedianEnd(result, k),
            ["stage2_end_relative_to_stage1_median"] = Median(result.Trials, t => t.Outcome(k).EndLoss / t.Stage1Loss),
            ["ranges"] = s.Ranges.ToDictionary(range => F(range, "R"), range => new Dictionary<string, object?>
            {
                ["roughness_laplacian_median"] = MedianOf(result, k, range, r => r.Laplacian),
                ["non_convex_fraction_median"] = MedianOf(result, k, range, r => r.NonConvexFraction),
                ["non_monotone_fraction_median"] = MedianOf(result, k, range, r => r.NonMonotoneFraction),
                ["flat_fraction_median"] = MedianOf(result, k, range, r => r.FlatFraction),
                ["single_basin_fraction"] = SingleBasins(result, k, range) / (double)result.Trials.Count,
            }),
        });
        report.Metrics["seeds"] = s.Seeds.ToArray();
        report.Metrics["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1);

        AddClaims(report, s, result);
        report.Tables.Add(new Table(
            "Roughness of the slices around the stage-2 end points, medians over seeds (all numbers are invariant to scaling the loss; a 41-point paraboloid scores 0.005 on the Laplacian measure and 0 on the others)",
            ["stage-2 kernel", "half-width", "|Laplacian| / range", "non-convex fraction", "non-monotone fraction", "flat fraction", "single basin", "median stage-2 end loss"],
            (from k in kernels from range in s.Ranges select (IReadOnlyList<string>)[
                k.Name(), F(range, "R"), G(MedianOf(result, k, range, r => r.Laplacian)), G(MedianOf(result, k, range, r => r.NonConvexFraction)),
                G(MedianOf(result, k, range, r => r.NonMonotoneFraction)), G(MedianOf(result, k, range, r => r.FlatFraction)),
                $"{SingleBasins(result, k, range)}/{result.Trials.Count}", G(MedianEnd(result, k)),
            ]).ToList()));
        report.Figures.AddRange(TwoStageLandscapeFigures.Build(result));
        var first = result.Trials[0];
        report.Summary = string.Join("\n",
            $"One attention-only teacher–student problem per seed (as in `dynamics/b2-attention-only`: D = {s.Dim}, softmax teacher ×{s.TeacherScale}, targets scaled to RMS {s.TargetRms}, only W_Q and W_K train). Stage 1: {s.Stage1Iterations} Armijo-GD iterations " +
            $"with softmax. Stage 2: {s.Stage2Iterations} more iterations from that point with softmax or with the Gaussian kernel — the only difference between " +
            $"the two panels. The slice f(W + α d1 + β d2) is evaluated on a {s.GridPoints}×{s.GridPoints} grid around each end point, d1 the stage-2 displacement, " +
            "d2 a random direction orthogonal to it, both filter-normalised (each row of W_Q, W_K scaled to the norm of that row of the weights), " +
            $"so α = 1 moves every filter by its own size. The targets come from a softmax teacher, which if anything favours softmax. " +
            $"The pictures show the first seed only; roughness is given over {s.Seeds} because one slice is an anecdote. " +
            "Both stage-2 branches fit the same targets, so their end losses compare directly.",
            "",
            $"Drawn seed: stage-1 loss {G(first.Stage1Loss)} (from {G(first.InitialLoss)}); stage 2 ends at " +
            $"{G(first.Outcome(AttentionKernel.Softmax).EndLoss)} with softmax and {G(first.Outcome(AttentionKernel.Gaussian).EndLoss)} with the Gaussian kernel " +
            $"(which starts from its own loss at the stage-1 point, {G(first.Outcome(AttentionKernel.Gaussian).StartLoss)}).",
            "",
            "Roughness numbers: mean |discrete Laplacian| (normalised by the slice's max − min so the two kernels' losses compare), " +
            "is the declared primary measure; the non-convex, non-monotone and flat fractions and the local-minimum count are reported beside it. " +
            $"Run time {result.Elapsed.TotalSeconds:0.0} s.",
            "",
            PrecisionNote);
    }

    private static void AddClaims(Report report, TwoStageLandscapeSettings s, TwoStageLandscapeResult result)
    {
        var roughness = s.Ranges.Select(range => (Range: range, Soft: result.Across(AttentionKernel.Softmax, range, r => r.Laplacian),
                                                   Gauss: result.Across(AttentionKernel.Gaussian, range, r => r.Laplacian))).ToList();
        report.Claims.Add(new Claim("The Gaussian stage-2 landscape is smoother: lower roughness (median normalised mean |Laplacian| over seeds) than softmax",
            string.Join("; ", roughness.Select(r => $"half-width {F(r.Range, "R")}: Gaussian {G(Median(r.Gauss))} vs softmax {G(Median(r.Soft))} " +
                                                    $"(Gaussian lower in {r.Soft.Where((soft, i) => r.Gauss[i] < soft).Count()}/{r.Soft.Length} seeds)")),
            "Not stated in the paper as a number (qualitative: in its landscape figure the Gaussian panel is smoother and more convex, the softmax panel more rugged with flat regions)",
            roughness.All(r => Median(r.Gauss) < Median(r.Soft))));

        var basins = (from k in TwoStageLandscapeStudy.Kernels from range in s.Ranges select (Kernel: k, Range: range, Ones: SingleBasins(result, k, range))).ToList();
        report.Claims.Add(new Claim("The Gaussian slice has a single basin (exactly one interior local minimum) in every seed",
            "slices with one local minimum — " + string.Join("; ", basins.Select(b => $"{b.Kernel.Name()} ±{F(b.Range, "R")}: {b.Ones}/{result.Trials.Count}")),
            "Not stated in the paper (qualitative: the Gaussian panel looks more convex). Our threshold: one interior local minimum in every seed, the plainest reading of a single basin",
            basins.Where(b => b.Kernel == AttentionKernel.Gaussian).All(b => b.Ones == result.Trials.Count)));

        double softEnd = MedianEnd(result, AttentionKernel.Softmax), gaussEnd = MedianEnd(result, AttentionKernel.Gaussian);
        int gaussBetter = result.Trials.Count(t => t.Outcome(AttentionKernel.Gaussian).EndLoss < t.Outcome(AttentionKernel.Softmax).EndLoss);
        report.Claims.Add(new Claim("Continuing with the Gaussian kernel reaches a lower loss than continuing with softmax (escapes the softmax plateau)",
            $"median stage-2 end loss: Gaussian {G(gaussEnd)}, softmax {G(softEnd)}; Gaussian lower in {gaussBetter}/{result.Trials.Count} seeds",
            "Not stated in the paper as a number (qualitative, from the paper's summary: the Gaussian kernel enables convergence where softmax does not, and converges more rapidly)",
            gaussEnd < softEnd));
    }
}
