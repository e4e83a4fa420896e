using System.Diagnostics;
using AlignLab.Core;
using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;
using AlignLab.Core.Optim;
using AlignLab.Models.Gpt2;

namespace AlignLab.Models.Benchmarks;

/// <summary>
/// Times the GPT-2 training step (forward, cross-entropy, backward, AdamW lr 1e-3) on random tokens, the same
/// work as bench/torch_train.py does in PyTorch. The first two steps are warm-up and not timed.
/// </summary>
public static class TrainStepBenchmark
{
    public sealed record Settings(int Layers, int Dim, int Heads, int Context, int Vocab, int Batch, int Steps, int Threads, bool Profile = false);
    public sealed record Result(Settings Settings, double StepMs, double TokensPerSecond, double FirstLoss, double LastLoss, long PeakWorkingSetBytes,
        IReadOnlyList<(string Op, double Ms, int Calls)> Profile);

    public static Result Run(Settings s, IProgress<(int Step, double Loss)>? progress = null)
    {
        if (s.Steps < 1) throw new ArgumentException("--steps must be at least 1");
        int saved = EngineSettings.Threads;
        EngineSettings.Threads = s.Threads;
        try
        {
            var gen = new Generator(1);
            var config = new Gpt2Config { NLayer = s.Layers, NEmbd = s.Dim, NHead = s.Heads, NPositions = s.Context, VocabSize = s.Vocab };
            var model = new Gpt2Model(config, gen);
            var optimizer = new AdamW(model.Parameters(), 1e-3f, weightDecay: 0.01f);
            var ids = gen.RandInt([s.Batch, s.Context], 0, s.Vocab);
            var targets = gen.RandInt([s.Batch, s.Context], 0, s.Vocab);
            double first = 0, last = 0;
            var sw = new Stopwatch();
            for (int step = 0; step < s.Steps + 2; step++)
            {
                if (step == 2) { sw.Start(); if (s.Profile) OpProfiler.Start(); }
                optimizer.ZeroGrad();
                OpProfiler.Mark();
                var loss = model.Loss(ids, targets);
                loss.Backward();
                OpProfiler.Mark();
                optimizer.Step();
                OpProfiler.Charge("update", "AdamW");
                last = loss.Item();
                if (step == 0) first = last;
                progress?.Report((step, last));
            }
            sw.Stop();
            OpProfiler.Stop();
            double stepMs = sw.Elapsed.TotalMilliseconds / s.Steps;
            return new Result(s, stepMs, s.Batch * s.Context / (stepMs / 1000), first, last, Process.GetCurrentProcess().PeakWorkingSet64,
                s.Profile ? OpProfiler.Snapshot() : []);
        }
        finally { EngineSettings.Threads = saved; }
    }
}
