using System.Diagnostics;
using AlignLab.Core;
using AlignLab.Core.Kernels;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;

namespace AlignLab.Models.Benchmarks;

/// <summary>
/// Times greedy KV-cache generation with a random GPT-2 (the same work as bench/torch_generate.py): the first token
/// (prefill of the prompt plus one step) and the decoding rate after it. Generating 1 token and then N tokens from the
/// same prompt separates the two without instrumenting the generator.
/// </summary>
public static class GenerationBenchmark
{
    public sealed record Settings(int Layers, int Dim, int Heads, int Vocab, int Prompt, int NewTokens, int Batch, int Threads);
    public sealed record Result(Settings Settings, double FirstTokenMs, double DecodeTokensPerSecond, long PeakWorkingSetBytes);

    public static Result Run(Settings s)
    {
        if (s.NewTokens < 2) throw new ArgumentException("--new-tokens must be at least 2 (the first token is timed apart from the rest)");
        int saved = EngineSettings.Threads;
        EngineSettings.Threads = s.Threads;
        try
        {
            var gen = new Generator(1);
            var config = new Gpt2Config { NLayer = s.Layers, NEmbd = s.Dim, NHead = s.Heads, NPositions = s.Prompt + s.NewTokens, VocabSize = s.Vocab };
            var model = new Gpt2Model(config, gen);
            model.Eval();
            var prompts = new int[s.Batch][];
            for (int i = 0; i < s.Batch; i++) prompts[i] = gen.RandInt([s.Prompt], 0, s.Vocab).Data;
            // Prompts of one length decode as one batch; StopIds empty, so every row runs to the end.
            double Time(int n)
            {
                var options = new GenerationOptions { MaxNewTokens = n };
                var sw = Stopwatch.StartNew();
                TextGenerator.Generate(model, prompts, options);
                return sw.Elapsed.TotalMilliseconds;
            }
            Time(2); // warm-up: JIT and buffer pool
            double first = Math.Min(Time(1), Time(1));
            double all = Math.Min(Time(s.NewTokens), Time(s.NewTokens));
            double decode = s.Batch * (s.NewTokens - 1) / ((all - first) / 1000);
            return new Result(s, first, decode, Process.GetCurrentProcess().PeakWorkingSet64);
        }
        finally { EngineSettings.Threads = saved; }
    }
}
