using AlignLab.Core;
using System.Numerics;
using AlignLab.Methods.Mimo;

namespace AlignLab.Methods.Tests.Mimo;

public class MetricsTests
{
    [Fact]
    public void AssignmentMatchesBruteForce()
    {
        var rng = new Generator(5);
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

    private static double Omega(double degrees) => UniformLinearArray.SpatialFrequency(degrees * Math.PI / 180);

    [Fact]
    public void AngleErrorAtEndfireIsMeasuredAcrossTheWrap()
    {
        // A true path at 86° has ω = −3.134; an estimate 0.03 rad lower wraps to ω = +3.119, whose principal angle is
        // −83.3°. On the circle it is 0.03 rad away: read on the branch nearest the truth it lies just beyond endfire
        // (sin θ = 1.007), clamped to 90°, so the error is 4°, not 169°.
        double truth = Omega(86), wrapped = UniformLinearArray.WrapFrequency(truth - 0.03);
        Assert.True(wrapped > 3);
        Assert.True(Math.Abs(UniformLinearArray.Angle(wrapped) * 180 / Math.PI - 86) > 160); // the principal-angle reading
        Assert.Equal(4, AngleError.Degrees(truth, wrapped), 9);
        // 0.03 rad to the other side stays inside the visible region: asin(0.98799) − 86°
        Assert.Equal(Math.Asin(-(truth + 0.03) / Math.PI) * 180 / Math.PI - 86, AngleError.Degrees(truth, truth + 0.03), 9);
        // ω = π and ω = −π are the same steering vector: no error at exact endfire whichever end the estimate names
        Assert.Equal(0, AngleError.Degrees(-Math.PI, Math.PI), 9);
        Assert.Equal(0, AngleError.Degrees(Math.PI, -Math.PI + 1e-15), 6);
        // away from endfire it is the plain angle difference
        Assert.Equal(2, AngleError.Degrees(Omega(10), Omega(12)), 9);
    }

    [Fact]
    public void AngleMatchingPairsPathsByTheWrappedMetric()
    {
        // Path A near endfire (AoA 84°), path B at −67°. The estimate of A wraps to ω ≈ +π (principal angle −86°), which
        // by principal angles is nearer B than A; matching on principal angles would swap the pairs (RMSE > 50°).
        var truth = new PropagationPath[] { new(Omega(84), Omega(20), 1), new(Omega(-67), Omega(-30), 1) };
        var estimate = new PropagationPath[] { new(Omega(-67.5), Omega(-30), 1), new(UniformLinearArray.WrapFrequency(Omega(84) - 0.05), Omega(20), 1) };
        double expectedA = AngleError.Degrees(truth[0].OmegaR, estimate[1].OmegaR);
        Assert.InRange(expectedA, 1, 7);
        Assert.Equal(Math.Sqrt((expectedA * expectedA + 0.5 * 0.5) / 4), AngleError.RmseDegrees(truth, estimate), 9);
    }

    [Fact]
    public void PerfectEstimateCapturesTheWholeRankKEnergy()
    {
        var paths = new UlaChannelGenerator(8, 10, 3).DrawPaths(new Generator(2));
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
