using AlignLab.Core;
using AlignLab.Methods.Quantization;

namespace AlignLab.Methods.Tests.Quantization;

public class RotationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomRotationsAreOrthonormalAndTheirFastFormEqualsTheDenseMatrix(bool hadamard)
    {
        const int n = 32;
        IRotation r = hadamard ? new RandomHadamard(n, new Generator(1)) : new RandomOrthogonal(n, new Generator(1));
        var dense = r.Dense();
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++) dot += dense[a * n + k] * dense[b * n + k];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 5);
            }
        var x = new Generator(2).Normal([3, n]);
        var fast = r.Apply(x);
        var slow = x.MatMul(Tensor.FromArray(dense, n, n));
        Assert.True(TinyLlama.MaxAbsDiff(fast, slow) < 1e-5f);
    }

    [Fact]
    public void RandomHadamardSignsDependOnTheSeed()
    {
        var a = new RandomHadamard(64, new Generator(1)).Signs;
        var b = new RandomHadamard(64, new Generator(2)).Signs;
        Assert.NotEqual(a, b);
        Assert.Contains(-1f, a);
        Assert.Contains(1f, a);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(2, false)]
    [InlineData(4, true)]
    public void FoldingNormsAndRotatingLeaveTheFloatModelsOutputsUnchanged(int kvHeads, bool tied)
    {
        var model = TinyLlama.Create(3, kvHeads, tied);
        var ids = TinyLlama.Ids(4);
        Tensor reference;
        using (GradMode.NoGrad()) reference = model.Logits(ids);
        float scale = TinyLlama.MaxAbs(reference);

        var folded = NormFolding.Fold(model);
        var plain = new QuantLlama(folded);
        using (GradMode.NoGrad()) Assert.True(TinyLlama.MaxAbsDiff(reference, plain.Logits(ids)) < 1e-5f * scale);

        // R1 fused into the weights, R2/R3/R4 online everywhere: every rotation cancels in float arithmetic.
        NormFolding.RotateResidual(folded, new RandomHadamard(32, new Generator(5)));
        var rotated = new QuantLlama(folded, rotations: [LayerRotations.All, LayerRotations.All]);
        using (GradMode.NoGrad()) Assert.True(TinyLlama.MaxAbsDiff(reference, rotated.Logits(ids)) < 1e-4f * scale);
        // The weights really moved (R1 is not the identity).
        Assert.True(TinyLlama.MaxAbsDiff(model.Model.Layers[0].SelfAttn.QProj.Weight, folded.Model.Layers[0].SelfAttn.QProj.Weight) > 1e-2f);
    }

    [Fact]
    public void RandomOrthogonalR1IsExactToo()
    {
        var model = TinyLlama.Create(6);
        var ids = TinyLlama.Ids(7);
        Tensor reference;
        using (GradMode.NoGrad()) reference = model.Logits(ids);
        var folded = NormFolding.Fold(model);
        NormFolding.RotateResidual(folded, new RandomOrthogonal(32, new Generator(8)));
        using (GradMode.NoGrad()) Assert.True(TinyLlama.MaxAbsDiff(reference, new QuantLlama(folded).Logits(ids)) < 1e-4f * TinyLlama.MaxAbs(reference));
    }

    [Fact]
    public void UnfoldedModelsAreRefused() =>
        Assert.Throws<ArgumentException>(() => new QuantLlama(TinyLlama.Create(1)));

    [Fact]
    public void WithoutNormFoldingR1WouldNotBeExact()
    {
        // The reason folding exists: with non-unit gains left in the norms, rotating the stream changes the outputs.
        var model = TinyLlama.Create(9);
        var ids = TinyLlama.Ids(10);
        Tensor before, after;
        using (GradMode.NoGrad()) before = model.Logits(ids);
        var r1 = new RandomHadamard(32, new Generator(11));
        using (GradMode.NoGrad())
        {
            NormFolding.Set(model.Model.EmbedTokens.Weight, r1.Apply(model.Model.EmbedTokens.Weight));
            foreach (var layer in model.Model.Layers.Items)
            {
                foreach (var w in new[] { layer.SelfAttn.QProj.Weight, layer.SelfAttn.KProj.Weight, layer.SelfAttn.VProj.Weight, layer.Mlp.GateProj.Weight, layer.Mlp.UpProj.Weight })
                    NormFolding.Set(w, r1.Apply(w));
                foreach (var w in new[] { layer.SelfAttn.OProj.Weight, layer.Mlp.DownProj.Weight }) NormFolding.Set(w, r1.ApplyTransposedLeft(w));
            }
            NormFolding.Set(model.LmHead!.Weight, r1.Apply(model.LmHead.Weight));
            after = model.Logits(ids);
        }
        Assert.True(TinyLlama.MaxAbsDiff(before, after) > 1e-2f * TinyLlama.MaxAbs(before));
    }
}
