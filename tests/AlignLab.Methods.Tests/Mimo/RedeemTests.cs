using AlignLab.Reports.Experiments;
using AlignLab.Methods.Mimo;

namespace AlignLab.Methods.Tests.Mimo;

public class RedeemTests
{
    [Fact]
    public void RecoversASmallTwoPathChannelFrom450Bits()
    {
        // 12×16, K = 2, R = 150, b = 3, Scheme 1: an independent implementation reached −24.9 dB mean over 5 seeds
        var scenario = new MimoScenario(12, 16, 2, 150, new QuantizerSettings(3));
        var arms = new[] { MimoArm.Of(MimoMethod.Redeem, 1), MimoArm.Of(MimoMethod.LeastSquares, 1) };
        var records = Enumerable.Range(0, 3).Select(t => MimoTrial.Run(scenario, arms, seed: 3 + t, point: 0, trial: t)).ToArray();
        double redeem = records.Average(r => r[0].Nmse), ls = records.Average(r => r[1].Nmse);
        Assert.True(ChannelMetrics.ToDb(redeem) < -20, $"REDEEM NMSE {ChannelMetrics.ToDb(redeem):F1} dB");
        // LS only sees the row space of M: NMSE ≈ 1 − R/P = 1 − 150/384
        Assert.InRange(ls, 0.45, 0.8);
        Assert.All(records, r => Assert.InRange(r[0].AngleRmseDegrees, 0, 1));
        Assert.All(records, r => Assert.Equal(450, r[0].FeedbackBits));
    }

    [Fact]
    public void TraceRecordsAShrinkingPrimalResidual()
    {
        var (input, truth) = LikelihoodTests.SmallProblem(3, DitherMode.None, 2, measurements: 90, rows: 6, columns: 8, paths: 2);
        var estimate = new RedeemEstimator(new RedeemSettings(RecordTrace: true)).Estimate(input);
        var trace = estimate.Trace!;
        Assert.Equal(estimate.Iterations, trace.Step.Count);
        Assert.True(trace.PrimalResidual[^1] < 0.1 * trace.PrimalResidual[0]);
        Assert.True(ChannelMetrics.Nmse(truth, estimate.Channel) < 0.05);
        Assert.Equal(estimate.Channel.Vector, trace.Structured[^1]);
    }

    [Fact]
    public void TrialsDoNotDependOnTheThreadCount()
    {
        var scenario = new MimoScenario(6, 8, 2, 40, new QuantizerSettings(2));
        var arms = new[] { MimoArm.Of(MimoMethod.Redeem, 2), MimoArm.Of(MimoMethod.SparseMle, 1), MimoArm.Of(MimoMethod.Oracle, 1) };
        TrialRecord[][][] Run(int threads) => Trials.Map(2, 3, threads, (p, t) => MimoTrial.Run(scenario, arms, 9 + t, p, t));
        var one = Run(1);
        var two = Run(2);
        for (int p = 0; p < 2; p++)
            for (int t = 0; t < 3; t++)
                for (int a = 0; a < arms.Length; a++)
                    Assert.Equal(one[p][t][a] with { Seconds = 0 }, two[p][t][a] with { Seconds = 0 });
        Assert.NotEqual(one[0][0][0].Nmse, one[1][0][0].Nmse); // points draw different channels
    }

    [Theory]
    [InlineData(MimoMethod.LsRelax)]
    [InlineData(MimoMethod.UnstructuredMle)]
    [InlineData(MimoMethod.SparseMle)]
    public void BaselinesProduceFiniteEstimates(MimoMethod method)
    {
        var scenario = new MimoScenario(8, 8, 2, 80, new QuantizerSettings(3));
        var record = MimoTrial.Run(scenario, [MimoArm.Of(method, 1)], 1, 0, 0)[0];
        Assert.InRange(record.Nmse, 0, 1.5);
        Assert.True(record.StreamGain > 0);
    }

    [Fact]
    public void FeedbackBitsMustBeAMultipleOfTheBitsPerMeasurement()
    {
        var e = Assert.Throws<ArgumentException>(() => MimoScenario.ForFeedbackBits(12, 16, 4, 301, new QuantizerSettings(3)));
        Assert.Contains("feedback bits", e.Message);
    }
}
