using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

public class LandscapeTests
{
    [Fact]
    public void FilterNormalisationGivesEveryFilterItsWeightNormAndZeroesTheRest()
    {
        var shape = new AttentionShape(4, 2);
        var w = new AttentionParameters(shape);
        var random = new Generator(3);
        random.FillNormal(w.All, 1.0);
        var filters = w.Filters(WeightGroups.Attention);
        Assert.Equal(4, filters.Count); // 2 columns each of W_Q and W_K
        var d = LossLandscape.RandomFilterDirection(w.Buffer, filters, random);
        foreach (var (offset, length) in filters)
            Assert.Equal(Norm(w.Buffer.AsSpan(offset, length)), Norm(d.AsSpan(offset, length)), 12);
        var (vOffset, _) = shape.Block(WeightGroups.Value);
        for (int i = vOffset; i < d.Length; i++) Assert.Equal(0.0, d[i]);
    }

    [Fact]
    public void SliceCentreIsTheLossAtThePointAndAxesFollowTheDirections()
    {
        double[] centre = [1, 2];
        double[] d1 = [1, 0], d2 = [0, 1];
        var f = LossLandscape.Slice(p => p[0] * 10 + p[1], centre, d1, d2, 5, 2.0);
        Assert.Equal(12.0, f[2, 2], 12);
        Assert.Equal(12.0 + 10 * 2, f[2, 4], 12); // column = α
        Assert.Equal(12.0 - 2, f[0, 2], 12);     // row 0 = β = −range
    }

    [Fact]
    public void RoughnessSeparatesABowlFromAnEggCrate()
    {
        const int n = 41;
        var bowl = Grid(n, (x, y) => x * x + y * y);
        var crate = Grid(n, (x, y) => x * x + y * y + 0.3 * Math.Sin(12 * x) * Math.Sin(12 * y));
        var smooth = LandscapeRoughness.Measure(bowl);
        var rough = LandscapeRoughness.Measure(crate);
        Assert.Equal(2.0 * Math.Pow(2.0 / (n - 1), 2), smooth.Laplacian, 9); // 2h²/R² with R = 1
        Assert.Equal(0.0, smooth.NonConvexFraction);
        Assert.Equal(0.0, smooth.NonMonotoneFraction);
        Assert.Equal(1, smooth.LocalMinima);
        Assert.True(rough.Laplacian > 5 * smooth.Laplacian);
        Assert.True(rough.NonConvexFraction > 0.2 && rough.NonMonotoneFraction > 0.05 && rough.LocalMinima > 1);
        // Invariant to the scale of the loss.
        var scaled = LandscapeRoughness.Measure(Grid(n, (x, y) => 7 * (x * x + y * y + 0.3 * Math.Sin(12 * x) * Math.Sin(12 * y))));
        Assert.Equal(rough.Laplacian, scaled.Laplacian, 12);
        Assert.Equal(rough with { Laplacian = 0 }, scaled with { Laplacian = 0 });
    }

    private static double[,] Grid(int n, Func<double, double, double> f)
    {
        var g = new double[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) g[r, c] = f(LossLandscape.Coordinate(c, n, 1), LossLandscape.Coordinate(r, n, 1));
        return g;
    }

    private static double Norm(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x) s += v * v;
        return Math.Sqrt(s);
    }
}
