using System.CommandLine;
using System.Text.Json;
using AlignLab.Core.Kernels;
using AlignLab.Models.Benchmarks;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab bench gemm|train</c>: one JSON line per run, for bench/RESULTS.md.</summary>
internal static class BenchCommand
{
    private static Option<int> Int(string name, int fallback, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback };

    public static Command Create()
    {
        var bench = new Command("bench", "Measure kernel and training speed (prints one JSON line).");

        var m = Int("--m", 1024, "rows of A and C"); var n = Int("--n", 1024, "columns of B and C"); var k = Int("--k", 1024, "inner size");
        var threads = Int("--threads", 1, "kernel threads");
        var transB = new Option<bool>("--trans-b") { Description = "B stored [n×k] (an nn.Linear weight)" };
        var transA = new Option<bool>("--trans-a") { Description = "A stored [k×m] (as in a weight gradient xᵀ·dy)" };
        var gemm = new Command("gemm", "Time single-precision GEMM.") { m, n, k, threads, transB, transA };
        gemm.SetAction(r =>
        {
            var res = GemmBenchmark.Run(r.GetValue(m), r.GetValue(n), r.GetValue(k), Positive(r.GetValue(threads), "--threads"), r.GetValue(transB), transA: r.GetValue(transA));
            Console.WriteLine(JsonSerializer.Serialize(new { bench = "gemm", m = res.M, n = res.N, k = res.K, threads = res.Threads, seconds = res.Seconds, gflops = Math.Round(res.Gflops, 1), simd = EngineSettings.Simd.ToString(), cpu = CpuName() }));
            return 0;
        });

        var layers = Int("--layers", 4, "transformer blocks"); var dim = Int("--dim", 128, "model width"); var heads = Int("--heads", 4, "attention heads");
        var ctx = Int("--ctx", 128, "sequence length"); var vocab = Int("--vocab", 512, "vocabulary size"); var batch = Int("--batch", 16, "sequences per step");
        var steps = Int("--steps", 10, "timed steps (after 2 warm-up steps)"); var trainThreads = Int("--threads", 1, "kernel threads");
        var profile = new Option<bool>("--profile") { Description = "also print milliseconds per step for each op (forward, backward, update)" };
        var train = new Command("train", "Time the GPT-2 training step (forward, backward, AdamW) on random tokens.") { layers, dim, heads, ctx, vocab, batch, steps, trainThreads, profile };
        train.SetAction(r =>
        {
            var s = new TrainStepBenchmark.Settings(r.GetValue(layers), r.GetValue(dim), r.GetValue(heads), r.GetValue(ctx), r.GetValue(vocab),
                r.GetValue(batch), r.GetValue(steps), Positive(r.GetValue(trainThreads), "--threads"), r.GetValue(profile));
            var res = Progress.Run("training steps", s.Steps + 2, p => TrainStepBenchmark.Run(s, p));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                bench = "train", layers = s.Layers, dim = s.Dim, heads = s.Heads, ctx = s.Context, vocab = s.Vocab, batch = s.Batch, steps = s.Steps, threads = s.Threads,
                step_ms = Math.Round(res.StepMs, 2), tokens_per_s = Math.Round(res.TokensPerSecond, 0), first_loss = res.FirstLoss, last_loss = res.LastLoss,
                peak_working_set_mb = res.PeakWorkingSetBytes / (1 << 20), simd = EngineSettings.Simd.ToString(), cpu = CpuName(),
            }));
            foreach (var (op, ms, calls) in res.Profile)
                Console.WriteLine(JsonSerializer.Serialize(new { op, ms_per_step = Math.Round(ms / s.Steps, 2), calls_per_step = calls / s.Steps }));
            return 0;
        });

        bench.Subcommands.Add(gemm);
        bench.Subcommands.Add(train);
        bench.Subcommands.Add(GenerateCommand());
        bench.Subcommands.Add(QuantizedDecodeCommand());
        return bench;
    }

    private static Command GenerateCommand()
    {
        var layers = Int("--layers", 12, "transformer blocks"); var dim = Int("--dim", 768, "model width"); var heads = Int("--heads", 12, "attention heads");
        var vocab = Int("--vocab", 50257, "vocabulary size"); var prompt = Int("--prompt", 64, "prompt tokens"); var newTokens = Int("--new-tokens", 64, "generated tokens");
        var batch = Int("--batch", 1, "prompts decoded together"); var threads = Int("--threads", 1, "kernel threads");
        var cmd = new Command("generate", "Time greedy KV-cache generation with a random GPT-2 (default: the 124M shape).") { layers, dim, heads, vocab, prompt, newTokens, batch, threads };
        cmd.SetAction(r =>
        {
            var s = new GenerationBenchmark.Settings(r.GetValue(layers), r.GetValue(dim), r.GetValue(heads), r.GetValue(vocab), Positive(r.GetValue(prompt), "--prompt"),
                r.GetValue(newTokens), Positive(r.GetValue(batch), "--batch"), Positive(r.GetValue(threads), "--threads"));
            var res = GenerationBenchmark.Run(s);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                bench = "generate", layers = s.Layers, dim = s.Dim, heads = s.Heads, vocab = s.Vocab, prompt = s.Prompt, new_tokens = s.NewTokens, batch = s.Batch, threads = s.Threads,
                first_token_ms = Math.Round(res.FirstTokenMs, 2), decode_tokens_per_s = Math.Round(res.DecodeTokensPerSecond, 1), peak_working_set_mb = res.PeakWorkingSetBytes / (1 << 20),
                simd = EngineSettings.Simd.ToString(), cpu = CpuName(),
            }));
            return 0;
        });
        return cmd;
    }

    private static Command QuantizedDecodeCommand()
    {
        var layers = Int("--layers", 8, "decoder layers"); var dim = Int("--dim", 512, "model width"); var heads = Int("--heads", 8, "attention heads");
        var ff = Int("--intermediate", 2048, "MLP width"); var vocab = Int("--vocab", 4096, "vocabulary size");
        var prompt = Int("--prompt", 32, "prompt tokens"); var newTokens = Int("--new-tokens", 64, "generated tokens");
        var rounds = Int("--rounds", 3, "interleaved rounds (best of)"); var threads = Int("--threads", 1, "kernel threads");
        var bits = new Option<string>("--bits") { Description = "scheme of the fully quantized variant", DefaultValueFactory = _ => "w4a8kv4" };
        var cmd = new Command("quantized-decode", "Time greedy decoding of a random Llama with float32 and packed low-bit weights, interleaved; weight bytes of each.")
            { layers, dim, heads, ff, vocab, prompt, newTokens, rounds, threads, bits };
        cmd.SetAction(r =>
        {
            var s = new AlignLab.Methods.Quantization.QuantizedDecodeBenchmark.Settings(r.GetValue(layers), r.GetValue(dim), r.GetValue(heads), r.GetValue(ff),
                r.GetValue(vocab), Positive(r.GetValue(prompt), "--prompt"), r.GetValue(newTokens), Positive(r.GetValue(rounds), "--rounds"),
                Positive(r.GetValue(threads), "--threads"), QuantizeCommand.ParseBits(r.GetValue(bits)!, 0.95f).ToString());
            var res = AlignLab.Methods.Quantization.QuantizedDecodeBenchmark.Run(s);
            long floatBytes = res.Variants[0].LinearBytes;
            foreach (var v in res.Variants)
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    bench = "quantized-decode", variant = v.Name, layers = s.Layers, dim = s.Dim, heads = s.Heads, intermediate = s.Intermediate, vocab = s.Vocab,
                    prompt = s.Prompt, new_tokens = s.NewTokens, threads = s.Threads, linear_weight_bytes = v.LinearBytes,
                    bytes_vs_float32 = Math.Round((double)v.LinearBytes / floatBytes, 4), first_token_ms = Math.Round(v.FirstTokenMs, 2),
                    decode_tokens_per_s = Math.Round(v.DecodeTokensPerSecond, 1), simd = EngineSettings.Simd.ToString(), cpu = CpuName(),
                }));
            return 0;
        });
        return cmd;
    }

    private static int Positive(int value, string name) => value >= 1 ? value : throw new ArgumentException($"{name} must be at least 1, got {value}");

    /// <summary>The CPU model (Linux /proc/cpuinfo) so that every recorded figure names its machine; the architecture elsewhere.</summary>
    private static string CpuName()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
