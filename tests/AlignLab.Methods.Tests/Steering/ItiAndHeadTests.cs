using AlignLab.Core;
using AlignLab.Methods.Steering;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Hooks;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Tests.Steering;

/// <summary>Attention-head points and ITI-lite: the head shift, head ranking, residual effect, and steering through heads.</summary>
public class ItiAndHeadTests
{
    private const int Dim = 16;

    private static IAttentionHeadModel Model(string family) => (IAttentionHeadModel)SteeringHookTests.Model(family);

    [Fact]
    public void ShiftIsTheUnitMassMeanDirectionTimesTheStdAlongIt()
    {
        // Class 1 sits at x = (2, 0), class 0 at (0, 0) and (0, 2): θ = (2, 0) − (0, 1) = (2, −1).
        double[][] x = [[2, 0], [0, 0], [0, 2]];
        int[] y = [1, 0, 0];
        var shift = ItiLite.Shift(x, y, 1);
        double n = Math.Sqrt(5);
        double[] unit = [2 / n, -1 / n];
        var proj = x.Select(v => v[0] * unit[0] + v[1] * unit[1]).ToArray();
        double mean = proj.Average(), sigma = Math.Sqrt(proj.Select(p => (p - mean) * (p - mean)).Average());
        Assert.Equal(sigma * unit[0], shift[0], 12);
        Assert.Equal(sigma * unit[1], shift[1], 12);
    }

    [Fact]
    public void RankingPutsTheInformativeHeadFirst()
    {
        // Two layers × two heads of width 2; only layer 1 head 0 carries the class.
        var gen = new Generator(4);
        int n = 90;
        var labels = Enumerable.Range(0, n).Select(i => i % 3).ToList();
        var heads = new double[2][][];
        for (int l = 0; l < 2; l++)
        {
            heads[l] = new double[n][];
            for (int i = 0; i < n; i++)
            {
                var v = new double[4];
                for (int c = 0; c < 4; c++) v[c] = gen.NextGaussian();
                if (l == 1) v[labels[i] == 2 ? 1 : 0] += labels[i] == 0 ? 0 : 4;
                heads[l][i] = v;
            }
        }
        var ranked = ItiLite.RankHeads(heads, labels, 3, 2, new ItiSettings());
        Assert.Equal((1, 0), (ranked[0].Layer, ranked[0].Head));
        Assert.True(ranked[0].Accuracy > 0.9, $"top head accuracy {ranked[0].Accuracy}");
        Assert.All(ranked.Skip(1), h => Assert.True(h.Accuracy < 0.6, $"head {h.Layer}:{h.Head} accuracy {h.Accuracy}"));
        var shifts = ItiLite.Shifts(heads, labels, 1, 2, ranked.Take(1));
        Assert.Equal([1], shifts.Keys.ToArray());
        Assert.True(shifts[1][0] > 0 && shifts[1][2] == 0 && shifts[1][3] == 0);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void HeadSteeringMatchesTheResidualShiftCachedAndUncached(string family)
    {
        var model = Model(family);
        Assert.True(model.Heads.TryLayer(model.Heads.Name(1), out int layer) && layer == 1);
        Assert.False(model.Heads.TryLayer(model.Residual.Name(1), out _));
        var gen = new Generator(9);
        var shift = new float[model.Heads.Width];
        for (int c = 0; c < shift.Length; c++) shift[c] = (float)gen.NextGaussian();
        var v = new float[1, shift.Length];
        for (int c = 0; c < shift.Length; c++) v[0, c] = shift[c];
        var vectors = new SteeringVectors(new Dictionary<string, float[,]> { [model.Heads.Name(0)] = v }, InjectionMode.Every, 0);

        // What the attention block adds to the residual stream changes by exactly P(α·shift) − P(0).
        var delta = model.Heads.ResidualShift(0, shift.Select(x => 2 * x).ToArray());
        var plainOut = AttentionOutput(model, 0, null);
        var steeredOut = AttentionOutput(model, 0, vectors);
        for (int i = 0; i < plainOut.Length; i++) Assert.Equal(plainOut[i] + delta[i % Dim], steeredOut[i], 4);

        float[] full, cached;
        using (Steerer.Attach(model, vectors, 2f))
        {
            full = Logits(model);
            cached = CachedLogits(model);
        }
        for (int i = 0; i < full.Length; i++) Assert.True(Math.Abs(full[i] - cached[i]) < 1e-4, $"logit {i}: {full[i]} vs {cached[i]}");
        var plain = Logits(model);
        Assert.True(full.Zip(plain).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
        using (Steerer.Attach(model, vectors, 0f)) Assert.Equal(plain, Logits(model));
    }

    [Fact]
    public void AHeadVectorOfTheWrongWidthOrModeIsRejected()
    {
        var model = Model("gpt2");
        var wide = new SteeringVectors(new Dictionary<string, float[,]> { [model.Heads.Name(0)] = new float[1, Dim + 1] }, InjectionMode.Every, 0);
        Assert.Contains("has 17 values but the heads have 16", Assert.Throws<ArgumentException>(() => Steerer.Attach(model, wide, 1f)).Message);
        var front = new SteeringVectors(new Dictionary<string, float[,]> { [model.Heads.Name(0)] = new float[1, Dim] }, InjectionMode.Front, 0);
        Assert.Throws<ArgumentException>(() => Steerer.Attach(model, front, 1f));
    }

    private static float[] AttentionOutput(IAttentionHeadModel model, int layer, SteeringVectors? vectors)
    {
        var module = model is Gpt2Model g ? (AlignLab.Core.Modules.Module)g.H[layer].Attn.CProj : ((LlamaModel)model).Model.Layers[layer].SelfAttn.OProj;
        float[]? seen = null;
        using var capture = module.RegisterForwardHook((_, _, output) => { seen = output.Contiguous().AsSpan().ToArray(); return null; });
        using (vectors == null ? null : Steerer.Attach(model, vectors, 2f)) Logits(model);
        return seen!;
    }

    private static float[] Logits(IResidualStreamModel model) => SteeringHookTests.Full(model);

    private static float[] CachedLogits(IResidualStreamModel model) => SteeringHookTests.Cached(model);
}
