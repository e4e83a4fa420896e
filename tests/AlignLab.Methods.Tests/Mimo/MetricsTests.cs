using System.Numerics;
using AlignLab.Methods.Mimo;

namespace AlignLab.Methods.Tests.Mimo;

public class MetricsTests
{
    [Fact]
    public void AssignmentMatchesBruteForce()
    {
        var rng = new Random(5);
        foreach (var (n, m) in new[] { (5, 5), (3, 6), (1, 4) })
        {
            var cost = new double[n, m];
            for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) cost[i, j] = rng.NextDouble();
            var assignment = AssignmentSolver.Solve(cost);
            Assert.Equal(n, assignment.Distinct().Count());
            double total = Enumerable.Range(0, n).Sum(i => cost[i, assignment[i]]);
            Assert.Equal(BruteForce(cost, n, m, 0, new bool[m]), total, 12);
        }
    }

    private static double BruteForce(double[,] cost, int n, int m, int row, bool[] used)
    {
        if (row == n) return 0;
        double best = double.PositiveInfinity;
        for (int j = 0; j < m; j++)
        {
            if (used[j]) continue;
            used[j] = true;
            best = Math.Min(best, cost[row, j] + BruteForce(cost, n, m, row + 1, used));
            used[j] = false;
        }
        return best;
    }

    [Fact]
    public void AngleRmseIgnoresPathOrderAndMeasuresDegrees()
    {
        var truth = new PropagationPath[] { new(UniformLinearArray.SpatialFrequency(0.1), UniformLinearArray.SpatialFrequency(-0.3), 1),
                                            new(UniformLinearArray.SpatialFrequency(-0.5), UniformLinearArray.SpatialFrequency(0.7), 1) };
        Assert.Equal(0, AngleError.RmseDegrees(truth, [truth[1], truth[0]]), 10);
        var shifted = truth.Select(p => p with { OmegaR = UniformLinearArray.SpatialFrequency(UniformLinearArray.Angle(p.OmegaR) + Math.PI / 180) }).ToArray();
        // each AoA off by 1°, AoDs exact: RMSE over both angles = √(1/2)
        Assert.Equal(Math.Sqrt(0.5), AngleError.RmseDegrees(truth, shifted), 9);
    }

    [Fact]
    public void PerfectEstimateCapturesTheWholeRankKEnergy()
    {
        var paths = new UlaChannelGenerator(8, 10, 3).DrawPaths(new Random(2));
        var h = MultipathChannel.Synthesize(8, 10, paths);
        var gains = ChannelMetrics.Beamforming(h, h, 3, snrDb: 10);
        Assert.Equal(h.FrobeniusNormSquared(), gains.StreamGain, 9);
        var singular = h.ToMathNet().Svd().S;
        Assert.Equal(singular[0].Real * singular[0].Real, gains.SingleStreamGain, 9);
        double rate = Enumerable.Range(0, 3).Sum(i => Math.Log2(1 + 10.0 / 3 * singular[i].Real * singular[i].Real));
        Assert.Equal(rate, gains.Rate, 9);
        Assert.Equal(0, ChannelMetrics.Nmse(h, h));
    }

    [Fact]
    public void NmseIsRelativeSquaredError()
    {
        var h = MultipathChannel.Synthesize(4, 4, [new PropagationPath(0.2, 0.3, new Complex(1, 0))]);
        Assert.Equal(0.25, ChannelMetrics.Nmse(h, h.Scaled(0.5)), 14);
        Assert.Equal(-6.0206, ChannelMetrics.ToDb(0.25), 4);
    }

    [Fact]
    public void SummaryAveragesNmseLinearlyBeforeTakingDecibels()
    {
        var records = new[] { 0.1, 0.001 }.Select((n, i) => new TrialRecord("a", 0, i, n, 1, 1, 1, double.NaN, 1, 1, 1, 10, 16, 4)).ToArray();
        var summary = PointSummary.Of(records);
        Assert.Equal(ChannelMetrics.ToDb(0.0505), summary.NmseDb, 12);
        Assert.True(double.IsNaN(summary.AngleRmseDegrees));
    }
}
