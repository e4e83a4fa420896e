using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Core.Kernels;
using AlignLab.Models.Data;
using AlignLab.Models.Training;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab train</c>: pretrain or fine-tune a GPT-2/Llama model (flags named as in nanoGPT / HF Trainer), or with
/// <c>--base NAME</c> build the cached base model. Progress on stderr; Ctrl+C writes a checkpoint and stops (exit 130).
/// </summary>
internal static class TrainCommand
{
    private static Option<T> Opt<T>(string name, T fallback, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, DefaultValueFactory = _ => fallback };

    public static Command Create()
    {
        var d = new TrainerSettings();
        var baseName = new Option<string?>("--base") { Description = $"Build (or reuse) the cached base model: {string.Join(", ", BaseModels.All.Select(s => s.Name))}; prints its folder" };
        var retrain = new Option<bool>("--retrain") { Description = "With --base: train again even if cached" };
        var modelConfig = Opt("--model-config", "gpt2", "gpt2 or llama (fresh model of --size), or a Hugging Face folder (fine-tuned if it has weights)");
        var size = Opt("--size", "tiny", "Size of a fresh gpt2/llama model: tiny (2 layers, 64 wide) or small (4 layers, 128 wide)");
        var data = Opt("--data", TrainingData.BuiltinWorld, "builtin:world, FILE.jsonl or FILE.txt");
        var format = Opt("--format", "text", "text ({\"text\"}), prompt-completion ({\"prompt\",\"completion\"}, prompt masked) or messages ({\"messages\"}, assistant turns trained)");
        var output = Opt("--out", "runs/train", "Output folder: checkpoint-N/, metrics.jsonl, final/", "--output-dir");
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer folder (default: the model folder's, else a BPE trained on the data)" };
        var vocab = Opt("--vocab-size", 512, "Vocabulary of the BPE trained on the data when there is no tokenizer");
        var steps = Opt("--steps", d.Steps, "Optimizer steps", "--max-steps");
        var batch = Opt("--batch", d.BatchSize, "Sequences per micro-batch", "--batch-size");
        var ctx = new Option<int?>("--ctx", "--block-size") { Description = "Tokens per sequence (default: 64 tiny, 128 small, min(positions, 256) for a folder)" };
        var lr = Opt("--lr", d.LearningRate, "Peak learning rate (AdamW, cosine decay to lr/10)", "--learning-rate");
        var warmup = Opt("--warmup", d.WarmupSteps, "Linear warm-up steps", "--warmup-steps");
        var accum = Opt("--accum", d.GradientAccumulation, "Micro-batches per optimizer step", "--gradient-accumulation-steps");
        var decay = Opt("--weight-decay", d.WeightDecay, "AdamW decoupled weight decay");
        var clip = Opt("--max-grad-norm", d.MaxGradNorm, "Clip the global gradient norm (0: off)", "--grad-clip");
        var evalEvery = Opt("--eval-every", d.EvalEvery, "Held-out loss every N steps (0: at the end only)", "--eval-steps");
        var saveEvery = Opt("--save-every", d.SaveEvery, "Checkpoint every N steps (0: at the end only)", "--save-steps");
        var resume = new Option<string?>("--resume", "--resume-from-checkpoint")
        {
            Description = "Resume from a checkpoint folder, or (no value) from the latest checkpoint in --out", Arity = ArgumentArity.ZeroOrOne,
        };
        var extend = new Option<bool>("--extend")
        {
            Description = "With --resume and a larger --steps: keep the checkpoint's learning-rate schedule and train the extra steps at its final rate",
        };
        var seed = Opt("--seed", 1, "Seed of initialisation and data order");
        var threads = Opt("--threads", Environment.ProcessorCount, "Kernel threads (results do not depend on it)");
        var json = new Option<bool>("--json") { Description = "Print the run summary as one JSON object" };
        var distributed = new Option<bool>("--distributed")
        {
            Description = "Data-parallel over MPI (implied under MPICH's mpirun with several ranks): --batch and --accum stay global, each rank trains its share",
        };
        var command = new Command("train", "Pretrain on text or fine-tune on prompt/completion or chat JSONL; or build a cached base model with --base.");
        foreach (var o in new Option[] { baseName, retrain, modelConfig, size, data, format, output, tokenizer, vocab, steps, batch, ctx, lr, warmup, accum,
                     decay, clip, evalEvery, saveEvery, resume, extend, seed, threads, json, distributed })
            command.Options.Add(o);

        command.SetAction(r =>
        {
            int threadCount = r.GetValue(threads);
            EngineSettings.Threads = threadCount >= 1 ? threadCount : throw new ArgumentException($"--threads must be at least 1, got {threadCount}");
            if (r.GetValue(baseName) is string name)
            {
                var spec = BaseModels.Get(name);
                var dir = CtrlC.Run(cancel => TrainingView.Run($"base model {name}", spec.Training.Steps, p => BaseModels.GetOrTrain(spec, p, cancel, retrain: r.GetValue(retrain))));
                var summary = Path.Combine(dir, ModelDirectory.SummaryFile);
                Console.WriteLine(r.GetValue(json) ? File.ReadAllText(summary).ReplaceLineEndings(" ") : dir);
                return 0;
            }
            var options = new TrainingJobOptions
            {
                ModelConfig = r.GetValue(modelConfig)!, Size = ModelSize.Parse(r.GetValue(size)!), Data = r.GetValue(data)!,
                Format = DataFormats.Parse(r.GetValue(format)!), Tokenizer = r.GetValue(tokenizer), VocabSize = r.GetValue(vocab),
                Context = r.GetValue(ctx), OutputDir = r.GetValue(output)!,
                Resume = r.GetResult(resume) is null ? null : r.GetValue(resume) ?? r.GetValue(output), Extend = r.GetValue(extend),
                Trainer = new TrainerSettings
                {
                    Steps = r.GetValue(steps), BatchSize = r.GetValue(batch), LearningRate = r.GetValue(lr), WarmupSteps = r.GetValue(warmup),
                    GradientAccumulation = r.GetValue(accum), WeightDecay = r.GetValue(decay), MaxGradNorm = r.GetValue(clip),
                    EvalEvery = r.GetValue(evalEvery), SaveEvery = r.GetValue(saveEvery), Seed = (ulong)r.GetValue(seed),
                },
            };
            using var launch = DistributedLaunch.Join(r.GetValue(distributed), threadsGiven: r.GetResult(threads) is { Implicit: false });
            return launch.Run(() => Train(options, launch, r.GetValue(json)));
        });
        return command;
    }

    private static int Train(TrainingJobOptions options, DistributedLaunch launch, bool json)
    {
        var job = TrainingJob.Prepare(options, group: launch.Group);
        // Only rank 0 shows progress and prints; the other ranks compute silently.
        var result = CtrlC.Run(cancel => launch.IsRoot
            ? TrainingView.Run("train", options.Trainer.Steps, p => job.Run(p, cancel), job.Trainer.Step)
            : job.Run(null, cancel));
        var t = result.Training;
        if (!launch.IsRoot) return t.Canceled ? 130 : 0;
        if (json) Console.WriteLine(JsonSerializer.Serialize(job.Summary(t)));
        else
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"steps {t.FirstStep}->{t.LastStep}  loss {t.FinalLoss:F4}  eval {(t.EvalLoss is double e ? e.ToString("F4", CultureInfo.InvariantCulture) : "-")}  {t.TokensPerSecond:F0} tok/s  {t.Elapsed.TotalSeconds:F1} s")));
        if (t.Canceled)
        {
            Console.Error.WriteLine($"alignlab: interrupted at step {t.LastStep}; checkpoint {t.Checkpoint} (continue with --resume)");
            return 130;
        }
        AnsiConsole.MarkupLine($"model: {Markup.Escape(result.FinalDirectory!)}");
        return 0;
    }
}
