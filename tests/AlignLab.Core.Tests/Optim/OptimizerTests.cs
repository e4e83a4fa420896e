using AlignLab.Core.Optim;

namespace AlignLab.Core.Tests.Optim;

public class OptimizerTests
{
    /// <summary>
    /// L(w) = w1² + 3·w2² at w = (1, 1): g = (2, 6), ‖g‖ = √40. SAM with ρ = 0.1 evaluates the gradient at
    /// w + ρ·g/‖g‖ = (1 + 0.2/√40, 1 + 0.6/√40), i.e. (2·1.0316228, 6·1.0948683), and SGD(lr 0.1) steps from w.
    /// </summary>
    [Fact]
    public void SamStepMatchesHandComputation()
    {
        var w = Tensor.FromArray([1f, 1f], 2).RequireGrad();
        var coef = Tensor.FromArray([1f, 3f], 2);
        var sam = new Sam(new Sgd([w], 0.1f), 0.1f);
        float loss = sam.Step(() => (w * w * coef).Sum());
        Assert.Equal(4f, loss, 5);
        double e1 = 0.2 / Math.Sqrt(40), e2 = 0.6 / Math.Sqrt(40);
        Assert.Equal(1 - 0.1 * 2 * (1 + e1), w.ToArray()[0], 5);
        Assert.Equal(1 - 0.1 * 6 * (1 + e2), w.ToArray()[1], 5);
    }

    [Fact]
    public void SgdMomentumFollowsTorchRecurrence()
    {
        var w = Tensor.FromArray([0f], 1).RequireGrad();
        var sgd = new Sgd([w], 0.1f, momentum: 0.9f);
        for (int i = 0; i < 2; i++) { sgd.ZeroGrad(); (w * 1f).Sum().Backward(); sgd.Step(); }
        // buf1 = 1 → w = −0.1 ; buf2 = 0.9 + 1 = 1.9 → w = −0.29
        Assert.Equal(-0.29f, w.ToArray()[0], 6);
    }

    /// <summary>
    /// First step from p = 1 with gradient 0.5, lr 0.1, wd 0.1. Bias correction makes the first Adam step lr·sign(g):
    /// Adam puts the decay into the gradient (0.6, same sign) → 0.9; AdamW decays the weight first → 0.99 − 0.1 = 0.89.
    /// </summary>
    [Theory]
    [InlineData(false, 0.9f)]
    [InlineData(true, 0.89f)]
    public void AdamAndAdamWApplyWeightDecayDifferently(bool decoupled, float expected)
    {
        var w = Tensor.FromArray([1f], 1).RequireGrad();
        var adam = new Adam([w], learningRate: 0.1f, weightDecay: 0.1f, decoupled: decoupled);
        (w * 0.5f).Sum().Backward();
        adam.Step();
        Assert.Equal(expected, w.Item(), 5);
    }

    [Fact]
    public void ClipByGlobalNormScalesAllGradients()
    {
        var a = Tensor.Zeros(1).RequireGrad(); var b = Tensor.Zeros(1).RequireGrad();
        a.Grad = Tensor.FromArray([3f], 1); b.Grad = Tensor.FromArray([4f], 1);
        Assert.Equal(5.0, GradClip.ClipByGlobalNorm([a, b], 1.0), 6);
        Assert.Equal(0.6f, a.Grad!.Item(), 5);
        Assert.Equal(0.8f, b.Grad!.Item(), 5);
    }

    [Fact]
    public void CosineScheduleWarmsUpThenDecaysToMin()
    {
        var s = new CosineLr(1f, 10, 110, 0.1f);
        Assert.Equal(0.1f, s.At(0), 5);
        Assert.Equal(1f, s.At(9), 5);
        Assert.Equal(0.55f, s.At(60), 5);
        Assert.Equal(0.1f, s.At(200), 5);
    }

    /// <summary>
    /// A checkpoint restores an AdamW from its moments and step count: the copy must then take the same steps bit for bit
    /// (a wrong step count changes the bias correction, missing moments change the direction).
    /// </summary>
    [Fact]
    public void AdamWRestoredFromMomentsAndStepCountContinuesBitExactly()
    {
        static void Step(AdamW opt, Tensor w, float k) { opt.ZeroGrad(); (w * w * k).Sum().Backward(); opt.Step(); }
        var w = Tensor.FromArray([1f, -2f, 0.5f], 3).RequireGrad();
        var original = new AdamW([w], 0.05f, weightDecay: 0.1f);
        for (int i = 0; i < 3; i++) Step(original, w, 1f + i);

        var w2 = Tensor.FromArray(w.ToArray(), 3).RequireGrad();
        var restored = new AdamW([w2], 0.05f, weightDecay: 0.1f) { StepCount = original.StepCount };
        original.ExpAvg[0].CopyTo(restored.ExpAvg[0], 0);
        original.ExpAvgSq[0].CopyTo(restored.ExpAvgSq[0], 0);
        for (int i = 0; i < 3; i++) { Step(original, w, 0.5f); Step(restored, w2, 0.5f); }
        Assert.Equal(w.ToArray(), w2.ToArray());
        Assert.Equal(6, restored.StepCount);
    }
}
