using System.Diagnostics;
using AlignLab.Core;
using AlignLab.Core.Kernels;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// Decode speed and weight memory of packed low-bit models against float32 on the same random (folded) Llama and the same
/// forward code: float32 weights, packed 4-bit weights with float activations (the kernel alone), and packed 4-bit
/// weights with the scheme's activation and KV quantizers. Runs are interleaved (float, int4, int4+acts, repeated) so a
/// neighbour's load on a shared machine hits all of them alike; each figure is the best of the rounds.
/// </summary>
public static class QuantizedDecodeBenchmark
{
    public sealed record Settings(int Layers, int Dim, int Heads, int Intermediate, int Vocab, int Prompt, int NewTokens, int Rounds, int Threads, string Bits);
    public sealed record Variant(string Name, long LinearBytes, double DecodeTokensPerSecond, double FirstTokenMs);
    public sealed record Result(Settings Settings, Variant[] Variants);

    public static Result Run(Settings s)
    {
        if (s.NewTokens < 2) throw new ArgumentException("--new-tokens must be at least 2 (the first token is timed apart from the rest)");
        int saved = EngineSettings.Threads;
        EngineSettings.Threads = s.Threads;
        try
        {
            var gen = new Generator(1);
            var config = new LlamaConfig
            {
                VocabSize = s.Vocab, HiddenSize = s.Dim, IntermediateSize = s.Intermediate, NumHiddenLayers = s.Layers, NumAttentionHeads = s.Heads,
                NumKeyValueHeads = s.Heads, HeadDim = s.Dim / s.Heads, MaxPositionEmbeddings = s.Prompt + s.NewTokens, RmsNormEps = 1e-5f, TieWordEmbeddings = false,
            };
            var folded = NormFolding.Fold(new LlamaModel(config, gen));
            var scheme = QuantScheme.Parse(s.Bits);
            var weightOnly = new QuantScheme(scheme.Weights, null, null);
            var models = new (string Name, QuantLlama Model)[]
            {
                ("float32", new QuantLlama(folded)),
                ($"int{scheme.Weights?.Bits} weights, float activations", new QuantLlama(folded, weightOnly).Pack()),
                (scheme.ToString(), new QuantLlama(folded, scheme).Pack()),
            };
            long floatBytes = 4L * models[1].Model.Packed!.Sum(p => p.All().Sum(m => (long)m.Rows * m.Cols));
            var prompt = gen.RandInt([s.Prompt], 0, s.Vocab).Data;
            double Time(ICausalLM m, int n)
            {
                var sw = Stopwatch.StartNew();
                TextGenerator.Generate(m, prompt, new GenerationOptions { MaxNewTokens = n });
                return sw.Elapsed.TotalMilliseconds;
            }
            foreach (var (_, m) in models) Time(m, 2); // warm-up: JIT and buffer pool
            var first = new double[models.Length];
            var all = new double[models.Length];
            Array.Fill(first, double.MaxValue);
            Array.Fill(all, double.MaxValue);
            for (int round = 0; round < s.Rounds; round++)
                for (int i = 0; i < models.Length; i++)
                {
                    first[i] = Math.Min(first[i], Time(models[i].Model, 1));
                    all[i] = Math.Min(all[i], Time(models[i].Model, s.NewTokens));
                }
            var variants = new Variant[models.Length];
            for (int i = 0; i < models.Length; i++)
                variants[i] = new Variant(models[i].Name, i == 0 ? floatBytes : models[i].Model.Packed!.Sum(p => p.Bytes),
                    (s.NewTokens - 1) / ((all[i] - first[i]) / 1000), first[i]);
            return new Result(s, variants);
        }
        finally { EngineSettings.Threads = saved; }
    }
}
