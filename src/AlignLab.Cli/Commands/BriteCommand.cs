using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Methods.Reasoning;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab brite run ...</c>: one bootstrapped-reasoning method on generated arithmetic word problems.</summary>
internal static class BriteCommand
{
    public static Command Create()
    {
        var brite = new Command("brite", "Bootstrapped reasoning: BRiTE's RL-trained rationale sampler vs rejection sampling and fine-tuning (ICML 2025).");
        var method = new Option<string>("--method") { Description = "brite | rejection | gold-sft | answer-sft", DefaultValueFactory = _ => "brite" };
        var reward = new Option<string>("--reward") { Description = "terminal reward of the BRiTE sampler: verifier | likelihood (log P of the gold answer)", DefaultValueFactory = _ => "verifier" };
        var iterations = new Option<int>("--iterations") { Description = "bootstrap iterations (sample, then fine-tune)", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "seed of the problems, the model and the sampling", DefaultValueFactory = _ => 1 };
        var defaults = new BriteRunRequest();
        var psiSteps = new Option<int>("--psi-steps") { Description = "RLOO updates of BRiTE's ψ-step", DefaultValueFactory = _ => defaults.PsiSteps };
        var psiPrompts = new Option<int>("--psi-prompts") { Description = "problems per ψ-step update (4 samples each)", DefaultValueFactory = _ => defaults.PsiPromptsPerStep };
        var theta = new Option<string>("--theta") { Description = "what BRiTE's θ-step trains on: all (every sampler completion) | verified (only verified ones)", DefaultValueFactory = _ => "all" };
        var json = new Option<bool>("--json") { Description = "Print the final metrics as one JSON object" };
        var run = new Command("run", "Warm-start a tiny model on the easy levels, run the method and print test accuracy");
        foreach (var option in new Option[] { method, reward, iterations, psiSteps, psiPrompts, theta, seed, json }) run.Options.Add(option);
        run.SetAction(parse =>
        {
            var request = new BriteRunRequest
            {
                Method = ReasoningMethodNames.Parse(parse.GetValue(method)!),
                Reward = parse.GetValue(reward)!.Trim().ToLowerInvariant() switch
                {
                    "verifier" => RationaleRewardKind.Verifier,
                    "likelihood" => RationaleRewardKind.GoldLikelihood,
                    var other => throw new ArgumentException($"reward must be verifier or likelihood, got '{other}'"),
                },
                Iterations = parse.GetValue(iterations),
                PsiSteps = parse.GetValue(psiSteps),
                PsiPromptsPerStep = parse.GetValue(psiPrompts),
                Filter = parse.GetValue(theta)!.Trim().ToLowerInvariant() switch
                {
                    "all" => ThetaStepFilter.AllSamples,
                    "verified" => ThetaStepFilter.VerifiedOnly,
                    var other => throw new ArgumentException($"--theta must be all or verified, got '{other}'"),
                },
                Seed = parse.GetValue(seed),
            };
            request.Validate();
            var result = Progress.Run("brite run", 100, p => request.Run(new Fraction(f => p.Report(((int)Math.Round(f * 100) - 1, 0)))));
            var metrics = request.Metrics(result);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(metrics, ReportJson.Compact));
            else foreach (var (key, value) in metrics) Console.WriteLine($"{key}: {Convert.ToString(value, CultureInfo.InvariantCulture) ?? "—"}");
            return 0;
        });
        brite.Subcommands.Add(run);
        return brite;
    }

    private sealed class Fraction(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
