using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Methods.RewardsFromDemos.Experiments.AlignTrials;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>Sizes of <see cref="PolicyOrderingExperiment"/>.</summary>
public sealed record PolicyOrderingSettings
{
    public required AlignSettings Align { get; init; }
    public required SeedRange Seeds { get; init; }
}

/// <summary>The true reward of every method's policy from the same SFT model at an equal step budget, over seeds.</summary>
public sealed class PolicyOrderingExperiment : Experiment<PolicyOrderingSettings, AlignTrialResult>
{
    public override string Id => "rewards-from-demos/policy-ordering";
    public override string Paper => AlignTrials.Paper;
    public override string Title => "True reward of continued SFT, SPIN, IRFT, IRL and oracle-preference DPO from the same SFT model (arithmetic)";
    public override PolicyOrderingSettings Quick => new() { Align = AlignSettings.Quick(AlignTask.Arithmetic), Seeds = new SeedRange(1, 1) };
    public override PolicyOrderingSettings Full => new() { Align = new AlignSettings { Task = AlignTask.Arithmetic }, Seeds = new SeedRange(1, 3) };

    public override AlignTrialResult Measure(PolicyOrderingSettings s, ExperimentContext context) =>
        AlignTrials.Run(s.Align, s.Seeds, AlignMethods.All, context, "policy ordering");

    protected override void Describe(Report report, PolicyOrderingSettings s, AlignTrialResult result)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            Row("weak base model", result.Base),
            Row("SFT model (start)", result.Sft),
        };
        var means = new Dictionary<AlignMethod, (double Mean, double Se, double[] Values)>();
        foreach (var runs in result.Runs)
        {
            var method = runs[0].Method;
            var values = runs.Select(r => r.Score.TrueReward).ToArray();
            means[method] = (values.Average(), StandardError(values), values);
            rows.Add(Row(AlignMethods.Label(method), runs.Select(r => r.Score).ToList()));
            report.Metrics[AlignMethods.Name(method)] = new Dictionary<string, object?>
            {
                ["true_reward"] = values, ["exact_match"] = runs.Select(r => r.Score.ExactMatch).ToArray(),
                ["kl_to_sft"] = runs.Select(r => r.Score.KlToSft).ToArray(), ["rm_accuracy"] = runs.Select(r => r.Score.RewardAccuracy).ToArray(),
            };
        }
        report.Metrics["sft_start_true_reward"] = result.Sft.Select(x => x.TrueReward).ToArray();
        report.Tables.Add(new Table($"Held-out policies, mean ± sd over {s.Seeds} ({s.Align.MethodSteps} policy steps each)",
            ["policy", "true reward r*", "exact match", "KL to SFT", "reward accuracy on held-out pairs"], rows));
        var ordering = means.OrderByDescending(kv => kv.Value.Mean).Select(kv => $"{AlignMethods.Label(kv.Key)} {F(kv.Value.Mean)}").ToList();
        report.Metrics["ordering"] = means.OrderByDescending(kv => kv.Value.Mean).Select(kv => AlignMethods.Name(kv.Key)).ToArray();

        void Beats(AlignMethod a, AlignMethod b, string paper)
        {
            var (ma, sa, _) = means[a];
            var (mb, sb, _) = means[b];
            double gap = ma - mb, se = Math.Sqrt(sa * sa + sb * sb);
            report.Claims.Add(new Claim($"{AlignMethods.Label(a)} reaches a higher held-out true reward than {AlignMethods.Label(b)} at an equal step budget, by more than 2 standard errors over {s.Seeds} (our threshold: 2 SE, because only a few seeds are affordable)",
                $"{F(ma)} vs {F(mb)} (difference {Signed(gap, "F3")}, SE {F(se)})", paper, gap > 2 * se && gap > 0));
        }
        Beats(AlignMethod.Irl, AlignMethod.Sft, "not stated in the paper (qualitative: IRL from demonstrations outperforms SFT on the same demonstrations)");
        Beats(AlignMethod.Irft, AlignMethod.Sft, "not stated in the paper (qualitative: IRFT improves over SFT; 59.48 → 61.03 Open LLM average for zephyr-7b in its predecessor)");
        report.Claims.Add(new Claim("IRFT (several stages with regenerated negatives) is at least as good as SPIN (one stage) in held-out true reward",
            $"IRFT {F(means[AlignMethod.Irft].Mean)} vs SPIN {F(means[AlignMethod.Spin].Mean)}", "not stated in the paper (qualitative: more stages help; SPIN is the one-stage case)",
            means[AlignMethod.Irft].Mean >= means[AlignMethod.Spin].Mean));

        var plot = new BarPlot { Title = "Held-out true reward by method", YLabel = "mean r* (greedy), ± SE over seeds", Categories = ["arithmetic"] };
        plot.Groups.Add(new BarGroup("SFT model (start)", [result.Sft.Average(x => x.TrueReward)], [StandardError(result.Sft.Select(x => x.TrueReward).ToList())]));
        foreach (var (method, (mean, se, _)) in means) plot.Groups.Add(new BarGroup(AlignMethods.Label(method), [mean], [se]));
        report.Figures.Add(new Figure("true-reward-by-method", $"Mean held-out true reward of each policy, error bars one standard error over {s.Seeds}.", plot.ToSvg()));
        report.Summary = string.Join("\n\n",
            $"Task: two-number addition (numbers below 100), {s.Align.Data.Demonstrations} demonstrations, {s.Align.Data.HeldOut} held-out prompts, {s.Seeds}. Ordering by mean true reward: {string.Join(" > ", ordering)}.",
            SetupNote);
    }

    private static IReadOnlyList<string> Row(string name, IReadOnlyList<PolicyScore> scores) =>
        [name, MeanSd(scores.Select(x => x.TrueReward).ToList()), MeanSd(scores.Select(x => x.ExactMatch).ToList()), MeanSd(scores.Select(x => x.KlToSft).ToList()), MeanSd(scores.Select(x => x.RewardAccuracy).ToList())];
}
