using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Tests.Quantization;

internal static class TinyLlama
{
    public static LlamaConfig Config(int kvHeads = 4, bool tied = false) => new()
    {
        VocabSize = 23, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4,
        NumKeyValueHeads = kvHeads, HeadDim = 8, MaxPositionEmbeddings = 32, RmsNormEps = 1e-5f, TieWordEmbeddings = tied,
    };

    /// <summary>A random model whose norm gains are not 1 (so folding has something to fold) and whose weights are O(1/√d).</summary>
    public static LlamaModel Create(int seed, int kvHeads = 4, bool tied = false)
    {
        var model = new LlamaModel(Config(kvHeads, tied), new Generator((ulong)seed));
        var g = new Generator((ulong)seed + 100);
        foreach (var (name, p) in model.NamedParameters())
        {
            var span = p.AsSpan();
            bool norm = name.EndsWith("norm.weight", StringComparison.Ordinal);
            for (int i = 0; i < span.Length; i++) span[i] = norm ? 1f + 0.3f * (float)g.NextGaussian() : 0.2f * (float)g.NextGaussian();
        }
        return model;
    }

    public static IntTensor Ids(int seed, int batch = 2, int time = 9) => new Generator((ulong)seed).RandInt([batch, time], 0, 23);

    public static float MaxAbsDiff(Tensor a, Tensor b)
    {
        var x = a.ToArray();
        var y = b.ToArray();
        float m = 0;
        for (int i = 0; i < x.Length; i++) m = MathF.Max(m, MathF.Abs(x[i] - y[i]));
        return m;
    }

    public static float MaxAbs(Tensor a) => a.ToArray().Max(MathF.Abs);
}
