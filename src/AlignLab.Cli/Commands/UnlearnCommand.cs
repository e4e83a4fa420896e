using System.CommandLine;
using System.Text.Json;
using AlignLab.Methods.Unlearning;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Metrics;
using AlignLab.Methods.Unlearning.Training;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab unlearn run|relearn|score</c>: LUME-style unlearning, the relearning attack, and LUME's metrics on any outputs.</summary>
internal static class UnlearnCommand
{
    public static Command Create()
    {
        var unlearn = new Command("unlearn", "LLM unlearning: LUME's metrics, GA/GD/KL/NPO/SimNPO with SAM and other smoothers, and relearning attacks.");
        unlearn.Subcommands.Add(CreateRun());
        unlearn.Subcommands.Add(CreateRelearn());
        unlearn.Subcommands.Add(CreateScore());
        return unlearn;
    }

    private static Option<string> DataOption() => new("--data") { Description = "builtin:minilume or a folder in LUME's layout (forget.jsonl, retain.jsonl, mia_data/...)", DefaultValueFactory = _ => "builtin:minilume" };

    private static Command CreateRun()
    {
        var data = DataOption();
        var method = new Option<string>("--method") { Description = "ga | gd | kl | npo | simnpo", DefaultValueFactory = _ => "npo" };
        var smoother = new Option<string>("--smoother") { Description = "none | sam | rs | gp | cr | wa", DefaultValueFactory = _ => "none" };
        var rho = new Option<float>("--rho") { Description = "SAM radius ρ, RS noise σ, or GP/CR weight λ", DefaultValueFactory = _ => 0.03f };
        var steps = new Option<int>("--steps") { Description = "unlearning steps", DefaultValueFactory = _ => 60 };
        var lr = new Option<float>("--lr") { Description = "unlearning learning rate", DefaultValueFactory = _ => 3e-3f };
        var beta = new Option<float>("--beta") { Description = "NPO/SimNPO β", DefaultValueFactory = _ => 0.1f };
        var seed = new Option<int>("--seed") { Description = "seed of batches and noise", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string?>("--out") { Description = "folder to save the unlearned model to" };
        var json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object" };
        var run = new Command("run", "Train (or load the cached) target, unlearn its forget set, and print LUME's metrics");
        foreach (var o in new Option[] { data, method, smoother, rho, steps, lr, beta, seed, outDir, json }) run.Options.Add(o);
        run.SetAction(parse =>
        {
            UnlearnMethod m; Smoother sm;
            try { m = UnlearnSettings.ParseMethod(parse.GetValue(method)!); sm = UnlearnSettings.ParseSmoother(parse.GetValue(smoother)!); }
            catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            var settings = new UnlearnSettings
            {
                Method = m, Smoother = sm, Rho = parse.GetValue(rho), Steps = parse.GetValue(steps), LearningRate = parse.GetValue(lr),
                Beta = parse.GetValue(beta), Seed = (ulong)parse.GetValue(seed),
            };
            settings.Validate();
            var lume = UnlearnPipeline.LoadData(parse.GetValue(data)!);
            var target = UnlearnPipeline.GetOrTrainTarget(lume, UnlearnPipeline.DefaultTarget, withForget: true);
            var model = target.Clone();
            new Unlearner(model, target, lume.Forget, lume.Retain, settings).Run();
            var metrics = UnlearnPipeline.Metrics(ModelEvaluation.Evaluate(model, lume));
            if (parse.GetValue(outDir) is { } dir) { model.Save(dir); metrics["model"] = Path.GetFullPath(dir); }
            return Print(metrics, parse.GetValue(json));
        });
        return run;
    }

    private static Command CreateRelearn()
    {
        var data = DataOption();
        var model = new Option<string>("--model") { Description = "an unlearned model folder (from unlearn run --out)", Required = true };
        var k = new Option<int>("--k") { Description = "forget documents the attacker fine-tunes on", DefaultValueFactory = _ => 4 };
        var epochs = new Option<int>("--steps") { Description = "attack epochs over those documents", DefaultValueFactory = _ => 1 };
        var lr = new Option<float>("--lr") { Description = "attack learning rate", DefaultValueFactory = _ => 1e-3f };
        var seed = new Option<int>("--seed") { Description = "seed of the attacker's document sample", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object" };
        var relearn = new Command("relearn", "Relearning attack on an unlearned model; metrics on the whole forget set and on the documents the attacker did not see");
        foreach (var o in new Option[] { data, model, k, epochs, lr, seed, json }) relearn.Options.Add(o);
        relearn.SetAction(parse =>
        {
            var lume = UnlearnPipeline.LoadData(parse.GetValue(data)!);
            var unlearned = UnlearnModel.Load(parse.GetValue(model)!);
            var target = UnlearnPipeline.GetOrTrainTarget(lume, UnlearnPipeline.DefaultTarget, withForget: true);
            double memTarget = ModelEvaluation.Evaluate(target, lume).Score.Memory(LumeSplit.Forget);
            double memBefore = ModelEvaluation.Evaluate(unlearned, lume).Score.Memory(LumeSplit.Forget);
            var seen = Relearning.Attack(unlearned, lume.Forget, new RelearnSettings
            {
                Documents = parse.GetValue(k), Epochs = parse.GetValue(epochs), LearningRate = parse.GetValue(lr), Seed = (ulong)parse.GetValue(seed),
            });
            var after = ModelEvaluation.Evaluate(unlearned, lume);
            var metrics = UnlearnPipeline.Metrics(after);
            metrics["recovery"] = Relearning.RecoveryRatio(memTarget, memBefore, after.Score.Memory(LumeSplit.Forget));
            var unseen = lume.Forget.Where(r => !seen.Contains(r.DocumentId)).ToArray();
            if (unseen.Length > 0)
            {
                var held = ModelEvaluation.Evaluate(unlearned, lume, unseen);
                metrics["unseen_forget_rouge"] = held.ForgetRouge;
                metrics["unseen_forget_em"] = held.ForgetEm;
            }
            return Print(metrics, parse.GetValue(json));
        });
        return relearn;
    }

    private static Command CreateScore()
    {
        var predictions = new Option<string>("--predictions") { Description = "JSONL of {\"id\", \"prediction\", \"reference\"} (optional \"split\": forget|retain, \"task\")", Required = true };
        var mia = new Option<string?>("--mia") { Description = "JSONL of {\"id\", \"member\": bool, \"nll\": number} for the loss attack" };
        var utility = new Option<double?>("--utility") { Description = "utility (MMLU) accuracy to fold into the final score" };
        var json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object" };
        var score = new Command("score", "LUME's metrics on any system's outputs");
        foreach (var o in new Option[] { predictions, mia, utility, json }) score.Options.Add(o);
        score.SetAction(parse =>
        {
            var rows = PredictionFile.Read(parse.GetValue(predictions)!);
            double? auc = parse.GetValue(mia) is { } path ? PredictionFile.ReadMiaAuc(path) : null;
            var s = LumeScore.Compute(rows, auc, parse.GetValue(utility));
            var metrics = new Dictionary<string, object?>
            {
                ["forget_rouge"] = Nullable(s.Mean(LumeSplit.Forget, t => t.Regurgitation)), ["forget_em"] = Nullable(s.Mean(LumeSplit.Forget, t => t.Knowledge)),
                ["retain_rouge"] = Nullable(s.Mean(LumeSplit.Retain, t => t.Regurgitation)), ["retain_em"] = Nullable(s.Mean(LumeSplit.Retain, t => t.Knowledge)),
                ["mia_auc"] = s.MiaAuc, ["mia_score"] = s.MiaScore, ["utility"] = s.Utility, ["hm"] = s.TaskAggregate, ["final"] = s.Final,
                ["rows"] = rows.Count,
            };
            return Print(metrics, parse.GetValue(json));
        });
        return score;
    }

    private static double? Nullable(double v) => double.IsNaN(v) ? null : v;

    private static int Print(Dictionary<string, object?> metrics, bool json)
    {
        if (json) Console.WriteLine(JsonSerializer.Serialize(metrics, ReportJson.Compact));
        else foreach (var (key, value) in metrics) Console.WriteLine($"{key}: {(value is double d ? d.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : JsonSerializer.Serialize(value, ReportJson.Compact))}");
        return 0;
    }
}
