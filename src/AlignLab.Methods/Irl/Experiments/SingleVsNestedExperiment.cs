using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Methods.Irl.Experiments.IrlReporting;

namespace AlignLab.Methods.Irl.Experiments;

/// <summary>Sizes of <see cref="SingleVsNestedExperiment"/>.</summary>
public sealed record SingleVsNestedSettings
{
    public int Demos { get; init; } = 20;
    public int Horizon { get; init; } = 40;
    public int Width { get; init; } = 256;
    /// <summary>Reward steps of every tabular-critic arm (single and nested share K and α).</summary>
    public required int Iterations { get; init; }
    /// <summary>Reward steps of the neural soft-Q arm (its slower reward step needs more of them).</summary>
    public required int NeuralIterations { get; init; }
    public int RecordEvery { get; init; } = 50;

    public static SingleVsNestedSettings Full => new() { Iterations = 12_000, NeuralIterations = 15_000 };
    public static SingleVsNestedSettings Quick => new() { Iterations = 1_500, NeuralIterations = 1_500, RecordEvery = 25 };
}

/// <summary>
/// Brief criterion 1: the single loop (one soft backup per reward step) reaches the nested loop's likelihood (soft VI to
/// 1e-8 per reward step) with far fewer Bellman backups, on 20 sampled demonstrations, for the NTK reward (m = 256)
/// and the tabular reward; plus the paper's setting, a neural soft-Q critic trained by 4 TD steps per reward step.
/// </summary>
public sealed class SingleVsNestedExperiment : IExperiment
{
    public string Id => "irl/single-vs-nested";
    public string Paper => IrlReporting.Paper;
    public string Title => "Gridworld: single-loop vs nested ML-IRL (likelihood vs Bellman backups), and a neural soft-Q critic";

    private sealed record Arm(string Label, RewardKind Reward, IrlAlgorithm Algorithm);

    private static readonly Arm[] Arms =
    [
        new("single loop, MLP m = 256", RewardKind.Mlp, IrlAlgorithm.SingleLoop),
        new("nested, MLP m = 256", RewardKind.Mlp, IrlAlgorithm.Nested),
        new("single loop, tabular", RewardKind.Tabular, IrlAlgorithm.SingleLoop),
        new("nested, tabular", RewardKind.Tabular, IrlAlgorithm.Nested),
        new("single loop + neural soft-Q, MLP m = 256", RewardKind.Mlp, IrlAlgorithm.NeuralSoftQ),
    ];

    public Report Run(ExperimentContext context)
    {
        var s = context.Size == ExperimentSize.Full ? SingleVsNestedSettings.Full : SingleVsNestedSettings.Quick;
        var mdp = Grid();
        var demos = Demonstrations.Sample(mdp, SoftOptimalExpert.LogPolicy(mdp), s.Demos, s.Horizon, Stream(context, 1));
        var results = new List<(Arm Arm, MlIrlResult Result, double StepSize)>();
        for (int i = 0; i < Arms.Length; i++)
        {
            var arm = Arms[i];
            var request = new IrlRunRequest { Mdp = mdp, Reward = arm.Reward, Algorithm = arm.Algorithm, Width = s.Width };
            double step = IrlRunRequest.DefaultStepSize(arm.Reward, arm.Algorithm);
            int iterations = arm.Algorithm == IrlAlgorithm.NeuralSoftQ ? s.NeuralIterations : s.Iterations;
            var result = MlIrl.Run(demos, request.CreateModel(Stream(context, 2)), request.CreateLearner(Stream(context, 3)),
                new MlIrlSettings { Iterations = iterations, StepSize = step, RecordEvery = s.RecordEvery },
                Part(context, arm.Label, i, Arms.Length), context.Cancel);
            results.Add((arm, result, step));
        }
        return ToReport(s, results);
    }

    private Report ToReport(SingleVsNestedSettings s, List<(Arm Arm, MlIrlResult Result, double StepSize)> results)
    {
        var report = new Report { Id = Id, Paper = Paper, Title = Title };
        report.Configuration["demonstrations"] = $"{s.Demos} trajectories × {s.Horizon} steps";
        report.Configuration["iterations"] = s.Iterations;
        report.Configuration["neural_iterations"] = s.NeuralIterations;
        report.Configuration["nested_tolerance"] = "‖ΔQ‖∞ < 1e-8, warm-started";
        report.Configuration["step_sizes"] = results.ToDictionary(r => r.Arm.Label, r => (object?)r.StepSize);
        report.Configuration["neural_soft_q"] = new NeuralSoftQSettings().ToString();

        var rows = new List<IReadOnlyList<string>>();
        var metrics = new List<Dictionary<string, object?>>();
        foreach (var (arm, r, step) in results)
        {
            rows.Add([arm.Label, G(step), Int(r.Trace.Count > 0 ? r.Final.Iteration : 0), F(r.Final.Likelihood, "F4"), F(r.Final.NormalizedReturn),
                      F(r.RewardCorrelation), Int(r.Cost.BellmanBackups), Int(r.Cost.CriticUpdates), Int(r.Cost.EnvironmentSteps), F(r.Elapsed.TotalSeconds, "F1")]);
            metrics.Add(new()
            {
                ["arm"] = arm.Label, ["step_size"] = step, ["iterations"] = r.Final.Iteration, ["likelihood"] = r.Final.Likelihood,
                ["normalized_return"] = r.Final.NormalizedReturn, ["reward_correlation"] = r.RewardCorrelation,
                ["backups"] = r.Cost.BellmanBackups, ["critic_updates"] = r.Cost.CriticUpdates, ["environment_steps"] = r.Cost.EnvironmentSteps,
            });
        }
        report.Tables.Add(new Table("Final metrics per arm (likelihood = exact discounted log-likelihood of the 20 demonstrations under the reward's soft-optimal policy; return of the learner's own policy)",
            ["arm", "α", "reward steps", "L(θ_K)", "normalized return", "reward corr.", "Bellman backups", "critic updates", "env steps", "s"], rows));
        report.Metrics["arms"] = metrics;
        report.Metrics["best_achievable_likelihood"] = results[0].Result.Bounds.Conditional;

        foreach (var (single, nested, name) in new[] { (0, 1, "MLP m = 256"), (2, 3, "tabular") })
            AddBackupClaim(report, results[single].Result, results[nested].Result, name);
        var neural = results[4].Result;
        var reference = results[1].Result;
        var exactSingle = results[0].Result;
        double neuralShortfall = (reference.Final.Likelihood - neural.Final.Likelihood) / Math.Abs(reference.Final.Likelihood);
        double returnDeficit = exactSingle.Final.NormalizedReturn - neural.Final.NormalizedReturn;
        report.Metrics["neural_likelihood_shortfall"] = neuralShortfall;
        report.Metrics["neural_return_deficit"] = returnDeficit;
        // The bar is relative to the exact single loop on the same demonstrations: with 20 demonstrations even the exact
        // learners' policies stay below 0.9 normalized return, so an absolute bar would test the data, not the critic.
        report.Claims.Add(new Claim(
            "Single loop with a neural soft-Q critic (4 TD steps per reward step, replay relabelled by the current reward) gets within 2 % of the nested loop's likelihood and within 0.05 normalized return of the exact single loop",
            $"likelihood shortfall {Percent(neuralShortfall)}; normalized return {F(neural.Final.NormalizedReturn)} vs exact single loop {F(exactSingle.Final.NormalizedReturn)}; {Int(neural.Cost.CriticUpdates)} critic updates, {Int(neural.Cost.EnvironmentSteps)} env steps",
            "Paper A: the neural soft-Q single loop reaches the optimum (O(ε⁻⁸)); no gridworld numbers", neuralShortfall <= 0.02 && returnDeficit <= 0.05));

        report.Figures.Add(LikelihoodVsBackups(results));
        report.Figures.Add(LikelihoodVsIteration(results));
        report.Summary = string.Join("\n\n",
            $"ML-IRL on {s.Demos} sampled demonstrations of {s.Horizon} steps. Single loop and nested share the reward model, its initialisation, α and K; " +
            "the nested loop re-solves soft value iteration to ‖ΔQ‖∞ < 1e-8 (warm-started from the previous Q, the stronger baseline) on every reward step, " +
            "the single loop applies exactly one soft backup. The neural soft-Q arm replaces the tabular Q by a one-hidden-layer network (width 128, input = features ⊕ one-hot state) " +
            "trained by 4 semi-gradient soft-TD steps per reward step from a replay buffer (8 new environment steps per reward step, rewards relabelled at sampling time); " +
            "its reward step is 5× smaller (α = 0.3), the timescale separation the noisy critic needs (α = 1.5 oscillated in pilots). " +
            "Its claim is judged against the exact single loop on the same demonstrations (an absolute ≥ 0.9 return bar, used in a first version of this report, " +
            "failed for every learner here including the exact ones, so it measured the 20 demonstrations rather than the critic).",
            $"\"Within 1 %\" is read at the recorded steps (every {s.RecordEvery} reward steps), so the single loop's backups-to-threshold are rounded up to that grid.",
            GridNote, CostNote, PrecisionNote);
        return report;
    }

    private static void AddBackupClaim(Report report, MlIrlResult single, MlIrlResult nested, string name)
    {
        (long? Single, long? Nested, double Ratio) Within(double tolerance)
        {
            double target = nested.Final.Likelihood - tolerance * Math.Abs(nested.Final.Likelihood);
            long? a = FirstBackups(single, target), b = FirstBackups(nested, target);
            return (a, b, a is long x && b is long y && x > 0 ? (double)y / x : double.NaN);
        }
        var (singleBackups, nestedBackups, ratio) = Within(0.01);
        var tight = Within(0.001);
        string key = name == "tabular" ? "tabular" : "mlp";
        report.Metrics[$"backup_ratio_{key}"] = double.IsNaN(ratio) ? null : ratio;
        report.Metrics[$"backup_ratio_{key}_0.1_percent"] = double.IsNaN(tight.Ratio) ? null : tight.Ratio;
        string tightText = tight.Single is long ts ? $"; within 0.1 %: {Int(ts)} vs {Int(tight.Nested ?? 0)} ({F(tight.Ratio, "F0")}×)" : "; never within 0.1 %";
        report.Claims.Add(new Claim(
            $"{name}: the single loop reaches the nested loop's final likelihood within 1 % with ≥ 20× fewer Bellman backups",
            singleBackups is null
                ? $"single loop never within 1 % of L_nested = {F(nested.Final.Likelihood, "F4")}"
                : $"within 1 % after {Int(singleBackups.Value)} backups vs nested {Int(nestedBackups ?? 0)} ({F(ratio, "F0")}×){tightText}; final L single {F(single.Final.Likelihood, "F4")} vs nested {F(nested.Final.Likelihood, "F4")}",
            "Brief: ≥ 20× fewer backups (nested ≈ 175 per step at γ = 0.9); ML-IRL/Paper A: single loop matches nested at a fraction of the cost",
            singleBackups is not null && ratio >= 20));
        report.Claims.Add(new Claim($"{name}: the single loop's policy reaches ≥ 0.95 normalized true return",
            $"single {F(single.Final.NormalizedReturn)}, nested {F(nested.Final.NormalizedReturn)} (with {Int(single.Final.Iteration)} reward steps on these demonstrations)",
            "Brief criterion 1 (second half)", single.Final.NormalizedReturn >= 0.95));
    }

    private static long? FirstBackups(MlIrlResult r, double likelihood)
    {
        foreach (var p in r.Trace) if (p.Likelihood >= likelihood) return p.Backups;
        return r.Final.Likelihood >= likelihood ? r.Final.Backups : null;
    }

    private static Figure LikelihoodVsBackups(List<(Arm Arm, MlIrlResult Result, double StepSize)> results)
    {
        var plot = new LinePlot { Title = "Likelihood vs Bellman backups", XLabel = "cumulative Bellman backups", YLabel = "L(θ_k)", LogX = true };
        foreach (var (arm, r, _) in results)
        {
            if (arm.Algorithm == IrlAlgorithm.NeuralSoftQ) continue;
            var points = r.Trace.Where(p => p.Backups > 0).ToList();
            plot.Series.Add(new Series(arm.Label, points.Select(p => (double)p.Backups).ToList(), points.Select(p => p.Likelihood).ToList(), Dashed: arm.Algorithm == IrlAlgorithm.Nested));
        }
        plot.HorizontalLines.Add((results[0].Result.Bounds.Conditional, "best any policy reaches on these demos"));
        return new Figure("likelihood-vs-backups", "Exact demonstration log-likelihood of the current reward against the Bellman backups spent (log scale). Dashed: nested.", plot.ToSvg());
    }

    private static Figure LikelihoodVsIteration(List<(Arm Arm, MlIrlResult Result, double StepSize)> results)
    {
        var plot = new LinePlot { Title = "Likelihood vs reward steps", XLabel = "reward step k", YLabel = "L(θ_k)" };
        foreach (var (arm, r, _) in results)
            plot.Series.Add(new Series(arm.Label, r.Trace.Select(p => (double)p.Iteration).ToList(), r.Trace.Select(p => p.Likelihood).ToList(), Dashed: arm.Algorithm == IrlAlgorithm.Nested));
        return new Figure("likelihood-vs-iteration", "The same runs against reward steps: single and nested overlap once the single loop's policy tracks; the neural soft-Q arm uses α = 0.3.", plot.ToSvg());
    }
}
