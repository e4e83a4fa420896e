using System.CommandLine;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Methods.Quantization;
using AlignLab.Models.Tokenizers;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab roste train|eval</c>: RoSTE quantization-aware fine-tuning of a float Llama into a packed folder, and its evaluation.</summary>
internal static class RosteCommand
{
    public static Command Create()
    {
        var roste = new Command("roste", "RoSTE: quantization-aware fine-tuning with per-layer rotations, into packed low-bit storage.");
        roste.Subcommands.Add(CreateTrain());
        roste.Subcommands.Add(CreateEval());
        return roste;
    }

    private static Option<string> Data(string what) => new("--data") { Description = $"JSONL of {{\"prompt\", \"completion\"}} records: {what}", Required = true };

    private static Command CreateTrain()
    {
        var model = new Option<string>("--model") { Description = "float Llama folder (config.json + safetensors + tokenizer)", Required = true };
        var data = Data("the fine-tuning set (its first 128 records also choose the rotations)");
        var bits = QuantizeCommand.Bits();
        var clip = QuantizeCommand.Clip();
        var steps = new Option<int>("--steps") { Description = "fine-tuning steps", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch") { Description = "examples per step", DefaultValueFactory = _ => 16 };
        var lr = new Option<float>("--lr") { Description = "AdamW learning rate (cosine to 0, no warm-up)", DefaultValueFactory = _ => 2e-3f };
        var seed = new Option<int>("--seed") { Description = "seed of R1 and of the batches", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "folder to write the packed model to", Required = true };
        var train = new Command("train", "Fold norms, fuse R1, choose R2/R3/R4 per layer, fine-tune through straight-through quantizers, save packed.")
            { model, data, bits, clip, steps, batch, lr, seed, outDir };
        train.SetAction(r =>
        {
            var scheme = QuantizeCommand.ParseBits(r.GetValue(bits)!, r.GetValue(clip));
            var settings = new QatSettings { Steps = r.GetValue(steps), Batch = r.GetValue(batch), LearningRate = r.GetValue(lr) };
            try { settings.Validate(); }
            catch (ArgumentOutOfRangeException e) { throw new UsageException($"--{e.ParamName?.ToLowerInvariant() switch { "learningrate" => "lr", var p => p }}: {e.Message.Split(" (Parameter")[0]}"); }
            string dir = r.GetValue(model)!;
            var llama = ModelFolders.LoadLlama(dir, "--model");
            var tokenizer = Tokenizer(dir);
            var examples = PromptCompletionTask.Load(r.GetValue(data)!, tokenizer, llama.MaxPositions);
            var quantized = QuantizationPipeline.Roste(llama, examples, scheme, settings, new Generator((ulong)r.GetValue(seed)));
            QuantizedCheckpoint.Save(quantized, r.GetValue(outDir)!, "roste", tokenizer);
            Console.WriteLine(JsonSerializer.Serialize(QuantizeCommand.Summary(quantized, "roste", r.GetValue(outDir)!), ReportJson.Compact));
            return 0;
        });
        return train;
    }

    private static Command CreateEval()
    {
        var model = new Option<string>("--model") { Description = "a packed folder (quantize, roste train) or a float model folder", Required = true };
        var data = Data("held-out pairs to score");
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var eval = new Command("eval", "Completion perplexity and exact match of greedy completions, quantized as stored (weights, activations, KV cache).") { model, data, json };
        eval.SetAction(r =>
        {
            string dir = r.GetValue(model)!;
            var lm = ModelFolders.Load(dir);
            var examples = PromptCompletionTask.Load(r.GetValue(data)!, Tokenizer(dir), lm.MaxPositions);
            var q = lm as QuantLlama;
            var metrics = new Dictionary<string, object?>
            {
                ["perplexity"] = TaskEvaluation.TargetPerplexity(lm, examples),
                ["task_accuracy"] = PromptCompletionTask.ExactMatch(lm, examples),
                ["bits"] = q?.Scheme?.ToString().ToLowerInvariant() ?? "fp32",
                ["weight_bytes"] = q != null ? QuantizedCheckpoint.WeightBytes(q) : 4L * lm.Module.Parameters().Sum(p => (long)p.Numel),
            };
            if (r.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(metrics, ReportJson.Compact));
            else foreach (var (k, v) in metrics) Console.WriteLine($"{k}: {(v is double d ? d.ToString("G5", System.Globalization.CultureInfo.InvariantCulture) : v)}");
            return 0;
        });
        return eval;
    }

    private static ByteLevelBpeTokenizer Tokenizer(string dir) =>
        BpeFiles.HasTokenizer(dir) ? ByteLevelBpeTokenizer.FromDirectory(dir) : throw new UsageException($"--model: {dir} has no tokenizer to encode --data with");
}
