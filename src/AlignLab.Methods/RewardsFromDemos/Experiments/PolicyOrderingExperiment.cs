using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Methods.RewardsFromDemos.Experiments.AlignTrials;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>
/// The true reward of every method's policy from the same SFT model at an equal step budget, over seeds, each method at
/// the point of its own grid that does best on validation prompts. One instance per task arm (arithmetic with the
/// standard SFT start; reverse with a deliberately weak SFT start, so that the SFT model leaves headroom).
/// </summary>
public sealed class PolicyOrderingExperiment(string id, AlignTask task, int? weakSftSteps = null) : Experiment<PolicyOrderingSettings, AlignTrialResult>
{
    public static PolicyOrderingExperiment Arithmetic() => new("rewards-from-demos/policy-ordering", AlignTask.Arithmetic);
    /// <summary>Reverse with 40 SFT steps instead of 400 (our choice: its full SFT model is near the ceiling).</summary>
    public static PolicyOrderingExperiment ReverseWeakSft() => new("rewards-from-demos/policy-ordering-reverse-weak-sft", AlignTask.Reverse, 40);

    public override string Id => id;
    public override string Paper => AlignTrials.Paper;
    public override string Title => $"True reward of continued SFT, SPIN, IRFT, IRL and oracle-preference DPO from the same SFT model, each tuned on validation prompts ({ArmName})";
    private string ArmName => AlignTasks.Name(task) + (weakSftSteps is { } w ? $", weak SFT start: {w} SFT steps" : "");

    public override PolicyOrderingSettings Quick => new()
    {
        Align = AlignSettings.Quick(task) with { SftSteps = weakSftSteps is { } w ? Math.Max(10, w / 2) : AlignSettings.Quick(task).SftSteps },
        Seeds = new SeedRange(1, 1), Grid = PolicyOrderingSettings.GridOf(AlignMethods.All, quick: true),
    };

    public override PolicyOrderingSettings Full => new()
    {
        Align = new AlignSettings { Task = task } with { SftSteps = weakSftSteps ?? new AlignSettings().SftSteps },
        Seeds = new SeedRange(1, 3), Grid = PolicyOrderingSettings.GridOf(AlignMethods.All, quick: false),
    };

    public override AlignTrialResult Measure(PolicyOrderingSettings s, ExperimentContext context) =>
        AlignTrials.Run(s.Align, s.Seeds, AlignMethods.All, s.Grid, context, "policy ordering");

    protected override void Describe(Report report, PolicyOrderingSettings s, AlignTrialResult result)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            Row("weak base model", result.Base, "—", "—"),
            Row("SFT model (start)", result.Sft, "—", MeanSd(result.SftValidation)),
        };
        var means = new Dictionary<AlignMethod, (double Mean, double Se)>();
        var gridRows = new List<IReadOnlyList<string>>();
        foreach (var tuning in result.Methods)
        {
            var method = tuning.Method;
            var runs = tuning.ChosenRuns;
            var values = runs.Select(r => r.Score.TrueReward).ToArray();
            means[method] = (values.Average(), StandardError(values));
            rows.Add(Row(AlignMethods.Label(method), runs.Select(r => r.Score).ToList(), tuning.ChosenPoint.ToString(), MeanSd(runs.Select(r => r.ValidationReward).ToList())));
            for (int p = 0; p < tuning.Grid.Count; p++)
                gridRows.Add([AlignMethods.Label(method), Rate(tuning.Grid[p].LearningRate), tuning.Grid[p].Weight is { } w ? $"{MethodGrid.WeightName(method)} {G(w)}" : "—",
                    MeanSd(tuning.Runs[p].Select(r => r.ValidationReward).ToList()), p == tuning.Chosen ? "chosen" : ""]);
            report.Metrics[AlignMethods.Name(method)] = new Dictionary<string, object?>
            {
                ["chosen_learning_rate"] = tuning.ChosenPoint.LearningRate, ["chosen_weight"] = tuning.ChosenPoint.Weight,
                ["validation_true_reward_by_point"] = Enumerable.Range(0, tuning.Grid.Count).Select(tuning.ValidationMean).ToArray(),
                ["true_reward"] = values, ["exact_match"] = runs.Select(r => r.Score.ExactMatch).ToArray(),
                ["kl_to_sft"] = runs.Select(r => r.Score.KlToSft).ToArray(), ["rm_accuracy"] = runs.Select(r => r.Score.RewardAccuracy).ToArray(),
                ["rm_accuracy_by_round"] = runs.Select(r => r.RoundAccuracy.ToArray()).ToArray(),
            };
        }
        report.Metrics["sft_start_true_reward"] = result.Sft.Select(x => x.TrueReward).ToArray();
        report.Tables.Add(new Table($"Held-out policies at each method's chosen point, mean ± sd over {s.Seeds} ({s.Align.MethodSteps} policy steps each)",
            ["policy", "true reward r*", "exact match", "KL to SFT", "reward accuracy on held-out pairs", "chosen point", "validation r*"], rows));
        report.Tables.Add(new Table($"The tuning grid: mean ± sd validation r* of every point over {s.Seeds} (the held-out prompts play no part in the choice)",
            ["method", "learning rate", "weight", "validation r*", ""], gridRows));
        RoundTable(report, result, s);

        var ordering = means.OrderByDescending(kv => kv.Value.Mean).Select(kv => $"{AlignMethods.Label(kv.Key)} {F(kv.Value.Mean)}").ToList();
        report.Metrics["ordering"] = means.OrderByDescending(kv => kv.Value.Mean).Select(kv => AlignMethods.Name(kv.Key)).ToArray();
        void Beats(AlignMethod a, AlignMethod b, string paper)
        {
            // Paired by seed: both policies start from the same seed's SFT model, so the spread of the SFT models across
            // seeds is no part of the comparison.
            var va = result[a].ChosenRuns.Select(r => r.Score.TrueReward).ToArray();
            var vb = result[b].ChosenRuns.Select(r => r.Score.TrueReward).ToArray();
            var differences = va.Select((x, i) => x - vb[i]).ToArray();
            double gap = differences.Average(), se = StandardError(differences);
            report.Claims.Add(new Claim($"{AlignMethods.Label(a)} reaches a higher held-out true reward than {AlignMethods.Label(b)} at an equal step budget, both tuned on validation prompts, by more than 2 standard errors of the per-seed difference over {s.Seeds} (our threshold: 2 SE, because only a few seeds are affordable)",
                $"{F(va.Average())} vs {F(vb.Average())} (difference {Signed(gap, "F3")}, paired SE {F(se)})", paper, gap > 2 * se && gap > 0));
        }
        Beats(AlignMethod.Irl, AlignMethod.Sft, "not stated in the paper (qualitative: IRL from demonstrations outperforms SFT on the same demonstrations)");
        Beats(AlignMethod.IrlStrongReward, AlignMethod.Sft, "not stated in the paper (qualitative: IRL from demonstrations outperforms SFT on the same demonstrations)");
        Beats(AlignMethod.Irft, AlignMethod.Sft, "not stated in the paper (qualitative: IRFT improves over SFT; 59.48 → 61.03 Open LLM average for zephyr-7b in its predecessor)");
        report.Claims.Add(new Claim("IRFT (several stages with regenerated negatives) is at least as good as SPIN (one stage) in held-out true reward",
            $"IRFT {F(means[AlignMethod.Irft].Mean)} vs SPIN {F(means[AlignMethod.Spin].Mean)}", "not stated in the paper (qualitative: more stages help; SPIN is the one-stage case)",
            means[AlignMethod.Irft].Mean >= means[AlignMethod.Spin].Mean));

        var plot = new BarPlot { Title = $"Held-out true reward by method ({ArmName})", YLabel = "mean r* (greedy), ± SE over seeds", Categories = [AlignTasks.Name(task)] };
        plot.Groups.Add(new BarGroup("SFT model (start)", [result.Sft.Average(x => x.TrueReward)], [StandardError(result.Sft.Select(x => x.TrueReward).ToList())]));
        foreach (var (method, (mean, se)) in means) plot.Groups.Add(new BarGroup(AlignMethods.Label(method), [mean], [se]));
        report.Figures.Add(new Figure("true-reward-by-method", $"Mean held-out true reward of each policy at its chosen grid point, error bars one standard error over {s.Seeds}.", plot.ToSvg()));
        // The SFT models differ a lot between seeds, so the seed-by-seed view shows the paired ordering the claims test.
        var bySeed = new BarPlot { Title = "Held-out true reward by seed", YLabel = "r* (greedy)", Categories = result.Methods[0].ChosenRuns.Select(r => $"seed {r.Seed}").ToList() };
        bySeed.Groups.Add(new BarGroup("SFT model (start)", result.Sft.Select(x => x.TrueReward).ToList()));
        foreach (var tuning in result.Methods) bySeed.Groups.Add(new BarGroup(AlignMethods.Label(tuning.Method), tuning.ChosenRuns.Select(r => r.Score.TrueReward).ToList()));
        report.Figures.Add(new Figure("true-reward-by-seed", "Held-out true reward of each policy on each seed (every method of a seed starts from that seed's SFT model).", bySeed.ToSvg()));
        report.Summary = string.Join("\n\n",
            $"Task: {ArmName}; {s.Align.Data.Demonstrations} demonstrations, {s.Align.Data.Validation} validation and {s.Align.Data.HeldOut} held-out prompts, {s.Seeds}. Ordering by mean true reward: {string.Join(" > ", ordering)}.",
            SetupNote);
    }

    /// <summary>The held-out pair accuracy of each IRL arm's reward model after each round, at the arm's chosen point.</summary>
    private static void RoundTable(Report report, AlignTrialResult result, PolicyOrderingSettings s)
    {
        var arms = result.Methods.Where(m => m.ChosenRuns[0].RoundAccuracy.Count > 0).ToList();
        if (arms.Count == 0) return;
        var table = new List<IReadOnlyList<string>>();
        table.Add(["SFT model's per-token log-likelihood", .. Enumerable.Repeat(MeanSd(result.Sft.Select(x => x.RewardAccuracy).ToList()), s.Align.Rounds)]);
        foreach (var arm in arms)
            table.Add([AlignMethods.Label(arm.Method), .. Enumerable.Range(0, s.Align.Rounds).Select(r => MeanSd(arm.ChosenRuns.Select(x => x.RoundAccuracy[r]).ToList()))]);
        report.Tables.Add(new Table($"Reward model's held-out pair accuracy after each round, at the chosen point, mean ± sd over {s.Seeds}",
            ["reward", .. Enumerable.Range(1, s.Align.Rounds).Select(r => $"round {r}")], table));
    }

    private static string Rate(float lr) => lr.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Row(string name, IReadOnlyList<PolicyScore> scores, string point, string validation) =>
        [name, MeanSd(scores.Select(x => x.TrueReward).ToList()), MeanSd(scores.Select(x => x.ExactMatch).ToList()), MeanSd(scores.Select(x => x.KlToSft).ToList()),
         MeanSd(scores.Select(x => x.RewardAccuracy).ToList()), point, validation];
}
