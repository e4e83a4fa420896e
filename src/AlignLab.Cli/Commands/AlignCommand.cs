using System.CommandLine;
using System.Text.Json;
using AlignLab.Methods.RewardsFromDemos;
using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab align run ...</c>: one alignment method from demonstrations on a synthetic task with an exact judge.</summary>
internal static class AlignCommand
{
    public static Command Create()
    {
        var align = new Command("align", "Alignment from demonstrations: IRL (reward model + RLOO), IRFT, SPIN, continued SFT and oracle-preference DPO on tasks with an exact judge.");
        align.Subcommands.Add(CreateRun());
        return align;
    }

    private static Command CreateRun()
    {
        var task = new Option<string>("--task") { Description = "arithmetic | reverse | sort", DefaultValueFactory = _ => "arithmetic" };
        var method = new Option<string>("--method") { Description = "sft | spin | irft | irl | dpo", DefaultValueFactory = _ => "irl" };
        var rounds = new Option<int>("--rounds") { Description = "IRL rounds (reward update then policy update), or IRFT stages", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "seed of the data, the models and the sampling", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "the small quick-size setup (seconds instead of a minute)" };
        var checkpoints = new Option<string?>("--checkpoints") { Description = "folder for each IRL round's (IRFT stage's) policy, loadable as a model directory" };
        var sftSteps = new Option<int?>("--sft-steps") { Description = "SFT steps of the starting model (a weaker start with fewer)" };
        var lr = new Option<float?>("--lr") { Description = "learning rate of the method's policy steps" };
        var weight = new Option<float?>("--weight") { Description = "β of SPIN, IRFT and DPO, or the KL weight of IRL" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var run = new Command("run", "Train the weak base and SFT models, run one method from the SFT model and score it on held-out prompts");
        foreach (var option in new Option[] { task, method, rounds, seed, quick, sftSteps, lr, weight, checkpoints, json }) run.Options.Add(option);
        run.SetAction(parse =>
        {
            var alignTask = AlignTasks.Parse(parse.GetValue(task)!);
            var alignMethod = AlignMethods.Parse(parse.GetValue(method)!);
            int r = parse.GetValue(rounds);
            var settings = (parse.GetValue(quick) ? AlignSettings.Quick(alignTask) : new AlignSettings { Task = alignTask }) with { Rounds = r, Stages = alignMethod == AlignMethod.Irft ? r : 5 };
            if (parse.GetValue(sftSteps) is { } steps) settings = settings with { SftSteps = steps };
            if (parse.GetValue(weight) is { } w && alignMethod == AlignMethod.Sft) throw new UsageException($"--weight: continued SFT has no weight (got {w})");
            // The grid writes these into several library fields (learning rate; β or the KL weight), so they are checked here, by flag.
            if (parse.GetValue(lr) is { } rate && !(rate > 0 && float.IsFinite(rate))) throw new UsageException($"--lr must be positive and finite (got {rate})");
            bool klWeight = alignMethod is AlignMethod.Irl or AlignMethod.IrlStrongReward; // a KL weight may be 0; β may not
            if (parse.GetValue(weight) is { } wt && !(float.IsFinite(wt) && (klWeight ? wt >= 0 : wt > 0)))
                throw new UsageException($"--weight must be finite and {(klWeight ? ">= 0" : "positive")} for {AlignMethods.Name(alignMethod)} (got {wt})");
            var point = MethodGrid.Of(settings, alignMethod);
            settings = MethodGrid.Apply(settings, alignMethod, point with { LearningRate = parse.GetValue(lr) ?? point.LearningRate, Weight = parse.GetValue(weight) ?? point.Weight });
            settings.Validate();
            int s = parse.GetValue(seed);
            var result = Progress.Run("base, SFT and method", 2, p =>
            {
                var foundation = Foundation.Build(settings, s);
                p.Report((0, 0));
                var outcome = AlignTrainer.Run(alignMethod, foundation, checkpoints: parse.GetValue(checkpoints));
                var score = PolicyScore.Of(outcome, foundation);
                p.Report((1, 0));
                return new Dictionary<string, object?>
                {
                    ["task"] = AlignTasks.Name(alignTask), ["method"] = AlignMethods.Name(alignMethod), ["seed"] = s, ["rounds"] = r,
                    ["true_reward"] = score.TrueReward, ["exact_match"] = score.ExactMatch,
                    ["rm_accuracy"] = score.RewardAccuracy, ["rm_accuracy_by_round"] = outcome.RoundAccuracy.ToArray(),
                    ["kl_to_base"] = score.KlToSft,
                    ["sft_true_reward"] = PolicyScore.OfSft(foundation).TrueReward,
                    ["samples"] = score.Samples.Select(x => new Dictionary<string, object?> { ["prompt"] = x.Prompt, ["completion"] = x.Completion, ["reward"] = x.Reward }).ToArray(),
                };
            });
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, ReportJson.Compact));
            else foreach (var (key, value) in result) Console.WriteLine($"{key}: {(value is Array a ? JsonSerializer.Serialize(value, ReportJson.Compact) : value)}");
            return 0;
        });
        return run;
    }
}
