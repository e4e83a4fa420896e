using AlignLab.Core;
using AlignLab.Methods.Steering;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Hooks;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Tests.Steering;

/// <summary>Steering through the residual-stream hooks: cached = uncached at every position, α = 0 = plain model.</summary>
public class SteeringHookTests
{
    private const int Vocab = 40, Dim = 16;

    public static TheoryData<string, InjectionMode> Cases() => new()
    {
        { "gpt2", InjectionMode.Every }, { "gpt2", InjectionMode.Front }, { "llama", InjectionMode.Every }, { "llama", InjectionMode.Front },
    };

    internal static IResidualStreamModel Model(string family) => family == "gpt2"
        ? new Gpt2Model(new Gpt2Config { VocabSize = Vocab, NPositions = 32, NEmbd = Dim, NLayer = 3, NHead = 2 }, new Generator(1))
        : new LlamaModel(new LlamaConfig { VocabSize = Vocab, HiddenSize = Dim, IntermediateSize = 32, NumHiddenLayers = 3, NumAttentionHeads = 2,
            NumKeyValueHeads = 1, HeadDim = 8, MaxPositionEmbeddings = 32, TieWordEmbeddings = true }, new Generator(1));

    private static SteeringVectors Vectors(IResidualStreamModel model, InjectionMode mode)
    {
        var gen = new Generator(7);
        var v = new float[3, Dim];
        for (int j = 0; j < 3; j++) for (int c = 0; c < Dim; c++) v[j, c] = (float)gen.NextGaussian();
        var w = new float[3, Dim];
        for (int j = 0; j < 3; j++) for (int c = 0; c < Dim; c++) w[j, c] = (float)gen.NextGaussian();
        return new SteeringVectors(new Dictionary<string, float[,]> { [model.Residual.Name(0)] = v, [model.Residual.Name(2)] = w }, mode, start: 2);
    }

    private static readonly int[] Ids = [3, 17, 5, 9, 30, 2, 11, 8];

    internal static float[] Full(IResidualStreamModel model)
    {
        using var _ = GradMode.NoGrad();
        return model.Logits(new IntTensor(Ids, 1, Ids.Length)).Contiguous().AsSpan().ToArray();
    }

    internal static float[] Cached(IResidualStreamModel model)
    {
        using var _ = GradMode.NoGrad();
        var cache = new KvCache(model.LayerCount);
        var all = new List<float>();
        foreach (var id in Ids) all.AddRange(model.Logits(new IntTensor([id], 1, 1), cache).Contiguous().AsSpan().ToArray());
        return all.ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CachedAndUncachedSteeredLogitsAgreeAtEveryPosition(string family, InjectionMode mode)
    {
        var model = Model(family);
        var plain = Full(model);
        float[] full, cached;
        using (Steerer.Attach(model, Vectors(model, mode), 1.5f))
        {
            full = Full(model);
            cached = Cached(model);
        }
        Assert.Equal(full.Length, cached.Length);
        for (int i = 0; i < full.Length; i++) Assert.True(Math.Abs(full[i] - cached[i]) < 1e-4, $"logit {i}: {full[i]} vs {cached[i]}");
        // The steering changed something, and in Front mode nothing before the block's start (positions 0, 1).
        Assert.True(full.Zip(plain).Max(p => Math.Abs(p.First - p.Second)) > 1e-2);
        if (mode == InjectionMode.Front)
            for (int i = 0; i < 2 * Vocab; i++) Assert.True(Math.Abs(full[i] - plain[i]) < 1e-5);
        // Detached: the plain model again.
        Assert.Equal(plain, Full(model));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AlphaZeroEqualsThePlainModel(string family, InjectionMode mode)
    {
        var model = Model(family);
        var plain = Full(model);
        var plainCached = Cached(model);
        using (Steerer.Attach(model, Vectors(model, mode), 0f))
        {
            Assert.Equal(plain, Full(model));
            // The cached path differs from the full pass by float rounding only; α = 0 must not change it at all.
            Assert.Equal(plainCached, Cached(model));
        }
    }

    [Fact]
    public void EveryModeAddsAlphaTimesTheRowMeanAfterTheBlock()
    {
        var model = Model("gpt2");
        var vectors = Vectors(model, InjectionMode.Every);
        var seen = new List<float[]>();
        using var probe = model.Residual.Add(0, (site, x) => { seen.Add(x.Contiguous().AsSpan().ToArray()); return null; });
        Full(model);
        using (Steerer.Attach(model, vectors, 2f)) Full(model);
        var mean = SteeringVectors.RowMean(vectors.Vectors[model.Residual.Name(0)]);
        // The capture hook was registered first, so it sees the residual before the steering hook; the next layer's
        // input differs instead. Check the delta directly on a hook registered after the steerer.
        var after = new List<float[]>();
        using (Steerer.Attach(model, vectors, 2f))
        using (model.Residual.Add(0, (site, x) => { after.Add(x.Contiguous().AsSpan().ToArray()); return null; }))
            Full(model);
        for (int i = 0; i < after[0].Length; i++) Assert.Equal(seen[0][i] + 2f * mean[i % Dim], after[0][i], 4);
    }

    [Fact]
    public void PointNamesRoundTripAndBadNamesAreRejected()
    {
        var gpt = Model("gpt2");
        var llama = Model("llama");
        Assert.Equal("h.2", gpt.Residual.Name(2));
        Assert.Equal("model.layers.1", llama.Residual.Name(1));
        Assert.Equal(2, gpt.Residual.Layer("h.2"));
        Assert.Throws<ArgumentException>(() => gpt.Residual.Layer("h.3"));
        Assert.Throws<ArgumentException>(() => llama.Residual.Layer("h.0"));
    }
}
