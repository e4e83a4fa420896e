using AlignLab.Core;
using AlignLab.Models.Policy;

namespace AlignLab.Models.Tests.Policy;

public class BradleyTerryTests
{
    [Fact]
    public void LossIsMinusLogSigmoidOfTheMarginWithGradientMinusSigmoidOfMinusTheMargin()
    {
        var chosen = Tensor.FromArray([1f, 2f, -1f, 0f], 4).RequireGrad();
        var rejected = Tensor.FromArray([1f, 0f, 2f, -100f], 4).RequireGrad();
        // margins x = [0, 2, −3, 100]; −log σ(x) = log(1 + e^−x)
        double[] x = [0, 2, -3, 100];
        double expected = x.Select(m => Math.Log(1 + Math.Exp(-m))).Average();
        var loss = BradleyTerry.Loss(chosen, rejected);
        Assert.Equal(expected, loss.Item(), 5);
        loss.Backward();
        var gc = chosen.Grad!.ToArray();
        var gr = rejected.Grad!.ToArray();
        for (int i = 0; i < 4; i++)
        {
            double sigmoidMinus = 1 / (1 + Math.Exp(x[i]));
            Assert.Equal(-sigmoidMinus / 4, gc[i], 5);
            Assert.Equal(sigmoidMinus / 4, gr[i], 5);
        }
    }

    [Fact]
    public void AHugeWrongMarginStaysFinite()
    {
        var loss = BradleyTerry.Loss(Tensor.FromArray([-200f], 1), Tensor.FromArray([200f], 1));
        Assert.Equal(400f, loss.Item(), 3);
    }

    [Fact]
    public void AccuracyCountsStrictWinsAndBadInputNamesTheFields()
    {
        Assert.Equal(0.5, BradleyTerry.Accuracy([1f, 2f, 3f, 0f], [0f, 2f, 4f, -1f]), 9);
        Assert.Contains("chosen", Assert.Throws<ArgumentException>(() => BradleyTerry.Loss(Tensor.Zeros(2), Tensor.Zeros(3))).Message);
        Assert.Contains("chosen", Assert.Throws<ArgumentException>(() => BradleyTerry.Accuracy([1f], [])).Message);
    }
}
