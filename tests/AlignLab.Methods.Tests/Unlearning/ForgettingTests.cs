using AlignLab.Core;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Tests.Unlearning;

public class ForgettingTests
{
    private static readonly LumeData Data = MiniLume.Generate(new MiniLumeOptions { Biographies = 2, Stories = 0, PublicBiographies = 0, UtilityFacts = 4, Seed = 2 });

    private static UnlearnModel Model(ulong seed = 3) =>
        UnlearnModel.Create(TargetTraining.TokenizerFor(Data), new ModelShape(1, 16, 2, 128), seed);

    private static UnlearnSettings Settings(Smoother smoother, float rho) => new()
    {
        Method = UnlearnMethod.Npo, Smoother = smoother, Rho = rho, Steps = 3, BatchSize = 2, LearningRate = 1e-2f, AverageFrom = 3, AverageEvery = 1,
        FiniteDifference = 1e-2f,
    };

    [Fact]
    public void NpoGradientIsGaReweightedBySigmoidAndMatchesFiniteDifferences()
    {
        var m = Model();
        var example = Example.TrainingSet(m.Tokenizer, Data.Forget.Take(1).ToArray());
        double nllRef = 30, beta = 0.5;
        var (loss, gNpo) = FlatParameters.Gradient(m.Parameters, () => Losses.Npo(m, example, [nllRef], (float)beta));
        var (negLogP, gNll) = FlatParameters.Gradient(m.Parameters, () => Losses.SequenceLogProb(m, example).Sum().Neg());
        // d/dθ of −(2/β) log σ(β(NLL − ref)) = −2 σ(β(ref − NLL)) ∇NLL: GA on the sequence NLL, weighted.
        double w = 2 / (1 + Math.Exp(-beta * (nllRef - negLogP)));
        for (int i = 0; i < gNpo.Length; i++)
            for (int j = 0; j < gNpo[i].Length; j += 7)
                Assert.True(Math.Abs(gNpo[i][j] + w * gNll[i][j]) <= 1e-4 + 1e-3 * Math.Abs(w * gNll[i][j]), $"param {i}[{j}]");
        // Finite differences on a few coordinates of the embedding, in double around float weights.
        var p = m.Parameters[0];
        foreach (int j in new[] { 5 * p.Shape[1] + 1, 9 * p.Shape[1] + 3, 2 })
        {
            float original = p.AsSpan()[j];
            const float h = 1e-2f;
            p.AsSpan()[j] = original + h;
            double up = Losses.Npo(m, example, [nllRef], (float)beta).Item();
            p.AsSpan()[j] = original - h;
            double down = Losses.Npo(m, example, [nllRef], (float)beta).Item();
            p.AsSpan()[j] = original;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - gNpo[0][j]) <= 2e-3 + 0.05 * Math.Abs(fd), $"coordinate {j}: fd {fd} vs autograd {gNpo[0][j]}");
        }
    }

    [Fact]
    public void LogSigmoidIsStableAtLargeArguments()
    {
        var v = Losses.LogSigmoid(Tensor.FromArray([-100f, 0f, 100f], 3)).ToArray();
        Assert.Equal(-100f, v[0], 3);
        Assert.Equal((float)Math.Log(0.5), v[1], 5);
        Assert.Equal(0f, v[2], 5);
    }

    [Theory]
    [InlineData(Smoother.Sam)]
    [InlineData(Smoother.Rs)]
    [InlineData(Smoother.Wa)]
    public void ZeroRadiusOrSingleSnapshotEqualsThePlainMethod(Smoother smoother)
    {
        var target = Model();
        var plain = target.Clone();
        new Unlearner(plain, target, Data.Forget, Data.Retain, Settings(Smoother.None, 0)).Run();
        var wrapped = target.Clone();
        // SAM and RS at ρ = σ = 0; WA with one snapshot at the last step.
        new Unlearner(wrapped, target, Data.Forget, Data.Retain, Settings(smoother, 0)).Run();
        Assert.Equal(plain.Snapshot().SelectMany(x => x), wrapped.Snapshot().SelectMany(x => x));
        Assert.NotEqual(target.Snapshot().SelectMany(x => x), plain.Snapshot().SelectMany(x => x));
    }

    [Theory]
    [InlineData(Smoother.Sam)]
    [InlineData(Smoother.Rs)]
    [InlineData(Smoother.Gp)]
    [InlineData(Smoother.Cr)]
    public void SmoothedGradientRestoresTheWeightsExactlyAndDiffersFromPlain(Smoother smoother)
    {
        var target = Model();
        var m = target.Clone();
        var u = new Unlearner(m, target, Data.Forget, Data.Retain, Settings(smoother, 0.05f));
        var before = m.Snapshot();
        var (_, smoothed) = u.ForgetGradient([0, 1], new Generator(1));
        Assert.Equal(before.SelectMany(x => x), m.Snapshot().SelectMany(x => x));
        var plain = new Unlearner(m, target, Data.Forget, Data.Retain, Settings(Smoother.None, 0)).ForgetGradient([0, 1], new Generator(1)).Gradient;
        Assert.NotEqual(plain.SelectMany(x => x), smoothed.SelectMany(x => x));
    }

    [Fact]
    public void FiniteDifferenceHessianVectorProductOnAQuadratic()
    {
        // ℓ(x) = ½ xᵀAx with A = [[3, 1], [1, 2]]: Hv = Av exactly; the central difference is exact for a quadratic.
        var x = Tensor.FromArray([0.3f, -0.7f], 2).RequireGrad();
        var a = Tensor.FromArray([3f, 1f, 1f, 2f], 2, 2);
        Func<Tensor> loss = () => (x.Reshape(1, 2).MatMul(a).Reshape(2) * x).Sum().MulScalar(0.5f);
        var hv = FlatParameters.HessianVector([x], loss, [[1f, 2f]], 1e-2f);
        Assert.Equal(5f, hv[0][0], 2);
        Assert.Equal(5f, hv[0][1], 2);
        Assert.Equal([0.3f, -0.7f], x.ToArray());
    }

    [Fact]
    public void RecoveryRatio()
    {
        Assert.Equal(0.5, Relearning.RecoveryRatio(target: 1.0, unlearned: 0.2, attacked: 0.6), 12);
        Assert.True(double.IsNaN(Relearning.RecoveryRatio(0.5, 0.5, 0.7)));
    }
}
