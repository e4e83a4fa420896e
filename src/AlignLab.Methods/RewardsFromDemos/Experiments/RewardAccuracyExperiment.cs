using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Methods.RewardsFromDemos.Experiments.AlignTrials;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>The demonstration-only reward model's held-out pair accuracy after each IRL round, over seeds.</summary>
public sealed class RewardAccuracyExperiment : Experiment<PolicyOrderingSettings, AlignTrialResult>
{
    public override string Id => "rewards-from-demos/reward-accuracy-by-round";
    public override string Paper => AlignTrials.Paper;
    public override string Title => "Held-out preference accuracy of the reward model learned from demonstrations, by IRL round, with the standard and a stronger reward model (arithmetic)";
    public override PolicyOrderingSettings Quick => new() { Align = AlignSettings.Quick(AlignTask.Arithmetic), Seeds = new SeedRange(1, 1) };
    public override PolicyOrderingSettings Full => new() { Align = new AlignSettings { Task = AlignTask.Arithmetic, Rounds = 4 }, Seeds = new SeedRange(1, 3) };

    public override AlignTrialResult Measure(PolicyOrderingSettings s, ExperimentContext context) =>
        AlignTrials.Run(s.Align, s.Seeds, Arms, null, context, "reward model by round");

    private static readonly AlignMethod[] Arms = [AlignMethod.Irl, AlignMethod.IrlStrongReward];

    protected override void Describe(Report report, PolicyOrderingSettings s, AlignTrialResult result)
    {
        int rounds = s.Align.Rounds;
        var likelihood = result.Sft.Select(x => x.RewardAccuracy).ToList();
        double baseline = likelihood.Average();
        var rows = new List<IReadOnlyList<string>>();
        rows.Add(["SFT model's per-token log-likelihood", MeanSd(likelihood)]);
        var byArm = new Dictionary<AlignMethod, List<List<double>>>();
        foreach (var arm in Arms)
        {
            var runs = result[arm].ChosenRuns;
            var byRound = Enumerable.Range(0, rounds).Select(r => runs.Select(x => x.RoundAccuracy[r]).ToList()).ToList();
            byArm[arm] = byRound;
            rows.AddRange(byRound.Select((values, r) => (IReadOnlyList<string>)[$"{AlignMethods.Label(arm)}: reward model after round {r + 1}", MeanSd(values)]));
            report.Metrics[AlignMethods.Name(arm) + "_rm_accuracy_by_round"] = byRound.Select(v => v.ToArray()).ToArray();
        }
        report.Tables.Add(new Table($"Held-out pair accuracy, mean ± sd over {s.Seeds}", ["reward", "accuracy"], rows));
        report.Metrics["sft_likelihood_accuracy"] = likelihood.ToArray();
        foreach (var arm in Arms)
        {
            var byRound = byArm[arm];
            double first = byRound[0].Average(), last = byRound[^1].Average();
            string label = AlignMethods.Label(arm);
            report.Claims.Add(new Claim($"{label}: the reward model learned from demonstrations alone ranks held-out pairs well above chance: accuracy ≥ 0.70 after the last round (our threshold, chance is 0.5)",
                $"{F(last)} after round {rounds}", "not stated in the paper (qualitative: the demonstration-only reward model is competitive on RewardBench; 0.568 → 0.585 on TL;DR in the released checkpoints)", last >= 0.70));
            report.Claims.Add(new Claim($"{label}: the reward model beats the SFT model's own log-likelihood as a reward on held-out pairs",
                $"{F(last)} vs {F(baseline)}", "not stated in the paper", last > baseline));
            double gainSe = Math.Sqrt(Math.Pow(StandardError(byRound[0]), 2) + Math.Pow(StandardError(byRound[^1]), 2));
            report.Claims.Add(new Claim($"{label}: reward-model accuracy improves from the first to the last round (negatives from later policies are accumulated), by more than 2 standard errors (our threshold: a gain smaller than the seed noise is not an improvement)",
                $"round 1 {F(first)} → round {rounds} {F(last)} (SE of the gain {F(gainSe)})", "0.568 → 0.585 (TL;DR preference accuracy of the released round-1 and round-2 reward models)", last - first > 2 * gainSe));
        }
        var plot = new LinePlot { Title = "Reward-model accuracy by round", XLabel = "IRL round", YLabel = "held-out pair accuracy" };
        foreach (var arm in Arms)
            plot.Series.Add(new Series($"{AlignMethods.Label(arm)} (± SE over seeds)", Enumerable.Range(1, rounds).Select(r => (double)r).ToList(), byArm[arm].Select(v => v.Average()).ToList(), byArm[arm].Select(StandardError).ToList()));
        plot.HorizontalLines.Add((baseline, "SFT log-likelihood"));
        plot.HorizontalLines.Add((0.5, "chance"));
        report.Figures.Add(new Figure("rm-accuracy-by-round", $"Held-out pair accuracy of the reward model after each IRL round, mean and one standard error over {s.Seeds}.", plot.ToSvg()));
        report.Summary = string.Join("\n\n",
            $"IRL with {rounds} rounds on two-number addition, {s.Seeds}, at the default policy step (learning rate {G(s.Align.MethodLearningRate)}, KL weight {G(s.Align.KlBeta)}; not tuned here); {Int(s.Align.RewardSteps)} Bradley–Terry steps per round on all pairs gathered so far, from the SFT model each round; " +
            $"the stronger reward model draws {s.Align.StrongRewardNegatives} own samples per demonstration and round and takes {s.Align.StrongRewardStepFactor}× the steps.",
            SetupNote);
    }
}
