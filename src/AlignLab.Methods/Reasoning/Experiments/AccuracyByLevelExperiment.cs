using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Reasoning.Experiments;

public sealed record AccuracyByLevelSettings
{
    public required SeedRange Seeds { get; init; }
    public ReasoningDataSettings Data { get; init; } = new();
    public ReasoningModelSettings Model { get; init; } = new();
    public SftSettings WarmStart { get; init; } = new() { Steps = 2000, LearningRate = 3e-3f };
    /// <summary>The shared run settings (θ-step, ψ-step, rejection sampling); each arm sets only its method and reward.</summary>
    public ReasoningRunSettings Run { get; init; } = new();
}

/// <summary>Every method from the same warm start, per seed: test accuracy by level after each iteration.</summary>
public sealed class AccuracyByLevelExperiment : Experiment<AccuracyByLevelSettings, AccuracyByLevelExperiment.Result>
{
    public override string Id => "brite/accuracy-by-level";
    public override string Paper => ReasoningExperiments.Paper;
    public override string Title => "Arithmetic word problems: BRiTE vs rejection sampling, gold-rationale and answer-only fine-tuning at a matched sample budget";

    public override AccuracyByLevelSettings Quick => new()
    {
        Seeds = new SeedRange(1, 1),
        Data = new ReasoningDataSettings { WarmStartProblems = 800, WarmStartHardProblems = 64, BootstrapProblems = 64, TestProblemsPerLevel = 50 },
        WarmStart = new SftSettings { Steps = 500, LearningRate = 3e-3f },
        Run = new ReasoningRunSettings
        {
            Iterations = 1, ThetaStep = new SftSettings { Steps = 40 },
            Brite = new BriteSettings { Psi = new PsiStepSettings { Steps = 8, PromptsPerStep = 8 } },
        },
    };

    public override AccuracyByLevelSettings Full => new() { Seeds = new SeedRange(1, 3) };

    public sealed record Arm(string Name, ReasoningMethod Method, RationaleRewardKind Reward);

    public static readonly Arm[] Arms =
    [
        new("answer-only SFT", ReasoningMethod.AnswerSft, RationaleRewardKind.Verifier),
        new("gold-rationale SFT", ReasoningMethod.GoldSft, RationaleRewardKind.Verifier),
        new("rejection sampling", ReasoningMethod.Rejection, RationaleRewardKind.Verifier),
        new("BRiTE (verifier reward)", ReasoningMethod.Brite, RationaleRewardKind.Verifier),
        new("BRiTE (gold-answer likelihood)", ReasoningMethod.Brite, RationaleRewardKind.GoldLikelihood),
    ];

    /// <param name="Runs">[arm][seed].</param>
    /// <param name="WarmPassAt8">[seed][bootstrap problem]: whether any of 8 samples of the warm start was right.</param>
    public sealed record Result(ReasoningRunResult[][] Runs, bool[][] WarmPassAt8, double Seconds);

    public override Result Measure(AccuracyByLevelSettings s, ExperimentContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = new ReasoningData[s.Seeds.Count];
        var warm = Trials.Map(s.Seeds.Count, context.Threads, i =>
        {
            data[i] = BriteRunRequest.DataFor(s.Data, s.Seeds[i]);
            return ReasoningRun.WarmStart(data[i], s.Model, s.WarmStart, new Generator((ulong)s.Seeds[i]).Fork(2), context.Cancel);
        }, context.Cancel, context.Stage("warm start", 0, 2));
        var passAt8 = Enumerable.Range(0, s.Seeds.Count).Select(i =>
            ReasoningEvaluation.Solved(warm[i], data[i].Bootstrap, 8, ReasoningEvaluation.Sampling(1f), new Generator((ulong)s.Seeds[i]).Fork(7), context.Cancel)
                .Select(c => c > 0).ToArray()).ToArray();
        var runs = Trials.Map(Arms.Length, s.Seeds.Count, context.Threads, (a, i) =>
        {
            var arm = Arms[a];
            var settings = s.Run with { Method = arm.Method, Brite = s.Run.Brite with { Psi = s.Run.Brite.Psi with { Reward = arm.Reward } } };
            return ReasoningRun.Run(warm[i], data[i], settings, new Generator((ulong)s.Seeds[i]).Fork(3), null, context.Cancel);
        }, context.Cancel, context.Stage("methods", 1, 2));
        return new Result(runs, passAt8, clock.Elapsed.TotalSeconds);
    }

    private static double Hard(ReasoningDataSettings d, IterationRecord r) => d.HardLevels.Average(k => r.Accuracy[k]);
    private static double Easy(ReasoningDataSettings d, IterationRecord r) => d.EasyLevels.Average(k => r.Accuracy[k]);

    protected override void Describe(Report report, AccuracyByLevelSettings s, Result result)
    {
        var d = s.Data;
        var levels = result.Runs[0][0].Final.Accuracy.Keys.Order().ToList();
        int T = s.Run.Iterations;
        double[] FinalHard(int a) => result.Runs[a].Select(r => Hard(d, r.Final)).ToArray();
        double[] FinalLevel(int a, int k) => result.Runs[a].Select(r => r.Final.Accuracy[k]).ToArray();
        var warmHard = result.Runs[0].Select(r => Hard(d, r.Iterations[0])).ToArray();

        var rows = new List<IReadOnlyList<string>>
        {
            (IReadOnlyList<string>)["warm start", "0", .. levels.Select(k => MeanSd(result.Runs[0].Select(r => r.Iterations[0].Accuracy[k]).ToArray())), MeanSd(warmHard)],
        };
        for (int a = 0; a < Arms.Length; a++)
            rows.Add([Arms[a].Name, Int(result.Runs[a][0].Samples), .. levels.Select(k => MeanSd(FinalLevel(a, k))), MeanSd(FinalHard(a))]);
        report.Tables.Add(new Table($"Greedy test accuracy after {T} iterations, mean ± sd over {s.Seeds} ({d.TestProblemsPerLevel} problems per level; levels {Format.List(d.EasyLevels)} easy, {Format.List(d.HardLevels)} hard, {d.HeldOutLevel} held out)",
            ["method", "samples", .. levels.Select(k => $"k = {k}"), "hard mean"], rows));

        var iterRows = new List<IReadOnlyList<string>>();
        for (int a = 0; a < Arms.Length; a++)
            iterRows.Add([Arms[a].Name, .. Enumerable.Range(0, T + 1).Select(t => MeanSd(result.Runs[a].Select(r => Hard(d, r.Iterations[t])).ToArray()))]);
        report.Tables.Add(new Table("Hard-level accuracy by iteration (iteration 0 is the warm start)", ["method", .. Enumerable.Range(0, T + 1).Select(t => $"t = {t}")], iterRows));

        int rs = Array.FindIndex(Arms, x => x.Method == ReasoningMethod.Rejection);
        int bv = Array.FindIndex(Arms, x => x.Method == ReasoningMethod.Brite && x.Reward == RationaleRewardKind.Verifier);
        int bl = Array.FindIndex(Arms, x => x.Reward == RationaleRewardKind.GoldLikelihood);
        int gold = Array.FindIndex(Arms, x => x.Method == ReasoningMethod.GoldSft);
        int hardest = d.HardLevels.Max();

        // Mechanism: samplers vs the model they start from; rejection coverage by level.
        var mech = new List<IReadOnlyList<string>>();
        foreach (int k in d.HardLevels)
        {
            var model = result.Runs[bv].SelectMany(r => r.Iterations.Skip(1).Select(it => it.ModelSolveRate![k])).ToArray();
            var sampler = result.Runs[bv].SelectMany(r => r.Iterations.Skip(1).Select(it => it.SamplerSolveRate![k])).ToArray();
            var coverage = result.Runs[rs].SelectMany(r => r.Iterations.Skip(1).Select(it => it.Coverage![k])).ToArray();
            mech.Add([$"k = {k}", MeanSd(model), MeanSd(sampler), MeanSd(coverage)]);
            report.Metrics[$"brite_model_solve_rate_k{k}"] = model.Average();
            report.Metrics[$"brite_sampler_solve_rate_k{k}"] = sampler.Average();
            report.Metrics[$"rejection_coverage_k{k}"] = coverage.Average();
        }
        report.Tables.Add(new Table("Per iteration (mean ± sd over iterations and seeds): sampled solve rate of the current model P_θ and of the trained sampler Q_ψ (BRiTE, verifier reward), and rejection sampling's coverage (problems with ≥ 1 accepted sample of 8)",
            ["level", "P_θ solve rate", "Q_ψ solve rate", "rejection coverage"], mech));

        // Where the warm start never succeeds in 8 samples, rejection sampling has no data.
        var subset = new List<IReadOnlyList<string>>();
        var zeroAcc = new double[Arms.Length];
        for (int a = 0; a < Arms.Length; a++)
        {
            double zeroSolved = 0, zeroCount = 0, restSolved = 0, restCount = 0;
            for (int i = 0; i < s.Seeds.Count; i++)
                for (int p = 0; p < result.WarmPassAt8[i].Length; p++)
                {
                    bool solved = result.Runs[a][i].BootstrapSolved[p];
                    if (result.WarmPassAt8[i][p]) { restCount++; if (solved) restSolved++; }
                    else { zeroCount++; if (solved) zeroSolved++; }
                }
            zeroAcc[a] = zeroCount > 0 ? zeroSolved / zeroCount : double.NaN;
            subset.Add([Arms[a].Name, F(zeroAcc[a]), F(restCount > 0 ? restSolved / restCount : double.NaN)]);
        }
        int zeroTotal = result.WarmPassAt8.Sum(w => w.Count(x => !x));
        report.Tables.Add(new Table($"Final greedy accuracy on the bootstrap problems, split by whether the warm start solved them in 8 samples ({zeroTotal} of {result.WarmPassAt8.Sum(w => w.Length)} never solved)",
            ["method", "warm pass@8 = 0", "warm pass@8 > 0"], subset));

        double bHard = FinalLevel(bv, hardest).Average(), rHard = FinalLevel(rs, hardest).Average(), gHard = FinalLevel(gold, hardest).Average();
        double spreadRs = Math.Max(Sd(FinalLevel(bv, hardest)), Sd(FinalLevel(rs, hardest)));
        report.Claims.Add(new Claim($"BRiTE (verifier reward) beats rejection sampling by ≥ 5 points on k = {hardest} at a matched sample budget (our threshold, the middle of the paper's range)",
            $"{Percent(bHard, 1)} vs {Percent(rHard, 1)} ({Signed(100 * (bHard - rHard), "F1")} points; larger seed sd {F(100 * spreadRs, "F1")} points)",
            "1 to 10 points over rejection sampling (reported, across models)", bHard - rHard >= 0.05));
        report.Claims.Add(new Claim($"BRiTE (verifier reward) is within 2 points of gold-rationale fine-tuning on k = {hardest} (our threshold for \"matches\")",
            $"{Percent(bHard, 1)} vs {Percent(gHard, 1)}", "matches or exceeds SFT on human rationales (qualitative)", bHard >= gHard - 0.02));
        double blHard = FinalHard(bl).Average(), wHard = warmHard.Average();
        report.Claims.Add(new Claim("BRiTE with the gold-answer likelihood reward (no verifier in the RL step) improves the hard levels over the warm start",
            $"{Percent(blHard, 1)} vs {Percent(wHard, 1)}", "not stated in the paper (qualitative: the likelihood reward needs no verifier)", blHard > wHard));
        report.Claims.Add(new Claim("BRiTE (gold-answer likelihood) solves more bootstrap problems than rejection sampling where the warm start had pass@8 = 0",
            $"{F(zeroAcc[bl])} vs {F(zeroAcc[rs])}", "not stated in the paper (qualitative: rejection sampling gets no data there)", zeroAcc[bl] > zeroAcc[rs]));
        var curve = Enumerable.Range(0, T + 1).Select(t => result.Runs[bv].Average(r => Hard(d, r.Iterations[t]))).ToArray();
        bool monotone = curve.Zip(curve.Skip(1)).All(p => p.Second >= p.First);
        report.Claims.Add(new Claim("BRiTE (verifier reward): mean hard-level accuracy rises at every iteration",
            string.Join(" → ", curve.Select(c => Percent(c, 1))), "not stated in the paper (qualitative: accuracy improves over iterations)", monotone));
        var modelRate = d.HardLevels.Average(k => (double)report.Metrics[$"brite_model_solve_rate_k{k}"]!);
        var samplerRate = d.HardLevels.Average(k => (double)report.Metrics[$"brite_sampler_solve_rate_k{k}"]!);
        report.Claims.Add(new Claim("The ψ-step's sampler Q_ψ solves more hard problems than the model P_θ it starts from",
            $"{Percent(samplerRate, 1)} vs {Percent(modelRate, 1)} (sampled, temperature 1)", "not stated in the paper (qualitative: the RL step approximates the posterior given success)", samplerRate > modelRate));

        for (int a = 0; a < Arms.Length; a++)
        {
            string key = Arms[a].Name.ToLowerInvariant().Replace(" ", "_").Replace("(", "").Replace(")", "").Replace("-", "_");
            report.Metrics[$"{key}_accuracy_hard"] = FinalHard(a).Average();
            report.Metrics[$"{key}_accuracy_easy"] = result.Runs[a].Average(r => Easy(d, r.Final));
            report.Metrics[$"{key}_accuracy_held_out"] = FinalLevel(a, d.HeldOutLevel).Average();
            report.Metrics[$"{key}_samples"] = result.Runs[a][0].Samples;
        }
        report.Metrics["warm_start_accuracy_hard"] = wHard;
        report.Metrics["seconds"] = result.Seconds;

        var plot = new LinePlot { Title = "Hard-level accuracy by iteration", XLabel = "iteration", YLabel = $"greedy accuracy, k ∈ {{{Format.List(d.HardLevels)}}}" };
        for (int a = 0; a < Arms.Length; a++)
        {
            var mean = Enumerable.Range(0, T + 1).Select(t => result.Runs[a].Average(r => Hard(d, r.Iterations[t]))).ToList();
            var sd = Enumerable.Range(0, T + 1).Select(t => Sd(result.Runs[a].Select(r => Hard(d, r.Iterations[t])).ToArray())).ToList();
            plot.Series.Add(new Series(Arms[a].Name, Enumerable.Range(0, T + 1).Select(t => (double)t).ToList(), mean, sd, Dashed: Arms[a].Method is ReasoningMethod.GoldSft or ReasoningMethod.AnswerSft));
        }
        report.Figures.Add(new Figure("hard-accuracy-by-iteration", $"Mean greedy accuracy on the hard levels after each iteration, error bars ± sd over {s.Seeds}. Dashed: fine-tuning on gold data.", plot.ToSvg()));
        var levelPlot = new LinePlot { Title = "Final accuracy by difficulty", XLabel = "steps k", YLabel = "greedy accuracy" };
        levelPlot.Series.Add(new Series("warm start", levels.Select(k => (double)k).ToList(), levels.Select(k => result.Runs[0].Average(r => r.Iterations[0].Accuracy[k])).ToList(), Dashed: true));
        for (int a = 0; a < Arms.Length; a++)
            levelPlot.Series.Add(new Series(Arms[a].Name, levels.Select(k => (double)k).ToList(), levels.Select(k => FinalLevel(a, k).Average()).ToList(),
                levels.Select(k => Sd(FinalLevel(a, k))).ToList()));
        report.Figures.Add(new Figure("accuracy-by-level", $"Final greedy accuracy by number of steps, mean ± sd over {s.Seeds}.", levelPlot.ToSvg()));

        var psi = s.Run.Brite.Psi;
        report.Summary = string.Join("\n\n",
            $"Word problems such as \"has 3 . buys 4 . gives 2 . doubles . ?\" with k steps (+, −, ×2, ÷2 in four verbs; every value in 0…{ReasoningVocabulary.MaxValue}), " +
            "gold rationale \"buys 4 = 7 ; gives 2 = 5 ; doubles = 10 ;\" then \"ans 10\". A word-level Llama-style model " +
            $"(d = {s.Model.Hidden}, {s.Model.Layers} layers, {s.Model.Heads} heads, ≈ 84k parameters) is warm-started for {Int(s.WarmStart.Steps)} steps on {Int(d.WarmStartProblems)} easy problems " +
            $"(k ∈ {{{Format.List(d.EasyLevels)}}}) with gold rationales plus a seed of {d.WarmStartHardProblems} hard ones: without that seed the model never writes more steps than it was shown " +
            "(trained on k ≤ 2 alone, none of 2,048 samples on hard problems had three or more steps), and no sampler can find what it never proposes. " +
            $"The bootstrap set has {d.BootstrapProblems} hard problems (k ∈ {{{Format.List(d.HardLevels)}}}) with answers only; only gold-rationale SFT reads their rationales.",
            $"Every method runs {T} iterations of the same θ-step ({s.Run.ThetaStep.Steps} Adam steps, batch {s.Run.ThetaStep.BatchSize}, lr {G(s.Run.ThetaStep.LearningRate)}, continuing from the last iterate, " +
            $"each new example paired with {G(s.Run.ReplayRatio)} warm-start replay example). Rejection sampling draws {s.Run.Rejection.SamplesPerProblem} samples per problem at temperature 1 and keeps at most " +
            $"{s.Run.Rejection.KeepPerProblem} accepted. BRiTE's ψ-step copies the model and runs {psi.Steps} RLOO steps of {psi.PromptsPerStep} problems × {psi.SamplesPerPrompt} samples " +
            $"(Adam, lr {G(psi.LearningRate)}) on the reward R − β(log Q − log P_θ) with β = {G(psi.KlCoefficient)}; R is {G(psi.Eta)}·1{{verified}} or log P_θ(y* | x, z); " +
            $"its θ-step trains on {s.Run.Brite.SamplesPerProblem} sampler completions per problem (all samples, no filter). Both spend the same number of samples per iteration.",
            "Departures: PPO is replaced by RLOO with the KL in the reward; the θ-step continues from the last iterate for every method (ReST-EM restarts from the base; a switch); " +
            "the model, the task and the budgets are tiny, so the numbers test the mechanism, not the paper's benchmarks.");
    }

    private static double Sd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
