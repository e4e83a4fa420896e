using AlignLab.Reports.Plots;

namespace AlignLab.Reports.Tests.Plots;

public class AxisTests
{
    [Theory]
    [InlineData(0.7, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.3, 2.0)]
    [InlineData(2.2, 5.0)]
    [InlineData(7.0, 10.0)]
    [InlineData(0.013, 0.02)]
    [InlineData(420.0, 500.0)]
    public void NiceStepRoundsUpToOneTwoFiveTimesPowerOfTen(double raw, double expected) =>
        Assert.Equal(expected, Axis.NiceStep(raw), 12);

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-3.7, 12.1)]
    [InlineData(0.0013, 0.0091)]
    [InlineData(1e5, 3.3e5)]
    [InlineData(-250.0, -249.5)]
    [InlineData(0.1, 0.7)]
    public void LinearTicksAreNiceAndCoverTheRange(double lo, double hi)
    {
        var ticks = Axis.LinearTicks(lo, hi, 6, out double step);
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 5.0 });
        Assert.InRange(ticks.Count, 3, 12);
        Assert.True(ticks[0] <= lo && ticks[^1] >= hi, $"ticks {ticks[0]}..{ticks[^1]} do not cover [{lo}, {hi}]");
        foreach (double t in ticks)
        {
            double k = t / step;
            Assert.Equal(Math.Round(k), k, 9); // every tick is a whole multiple of the step
        }
        for (int i = 1; i < ticks.Count; i++) Assert.Equal(step, ticks[i] - ticks[i - 1], 9);
    }

    [Fact]
    public void DecimalTicksAreTheNearestDoubles()
    {
        var ticks = Axis.LinearTicks(0.1, 0.5, 6, out double step);
        Assert.Equal(0.1, step);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5], ticks);
    }

    [Fact]
    public void ConstantRangeIsWidenedAroundTheValue()
    {
        var ticks = Axis.LinearTicks(5, 5, 6, out double step);
        Assert.True(step > 0);
        Assert.True(ticks[0] < 5 && ticks[^1] > 5);
        var zero = Axis.LinearTicks(0, 0, 6, out _);
        Assert.True(zero[0] < 0 && zero[^1] > 0);
    }

    [Fact]
    public void LogTicksSitAtDecades()
    {
        var (ticks, minor, stride) = Axis.DecadeTicks(0.003, 420);
        Assert.Equal(1, stride);
        Assert.Equal([1e-3, 1e-2, 1e-1, 1, 10, 100, 1000], ticks);
        Assert.Contains(2e-3, minor);
        Assert.Contains(900.0, minor);
    }

    [Fact]
    public void ManyDecadesAreLabelledEveryFew()
    {
        var (ticks, _, stride) = Axis.DecadeTicks(1e-12, 1e9);
        Assert.True(stride > 1);
        Assert.InRange(ticks.Count, 3, 10);
        foreach (double t in ticks)
        {
            double e = Math.Log10(t);
            Assert.Equal(0, Math.Round(e) % stride);
            Assert.Equal(Math.Round(e), e, 9);
        }
        Assert.True(ticks[0] <= 1e-12 && ticks[^1] >= 1e9);
    }

    [Fact]
    public void SingleDecadeValueGetsANeighbourOnEachSide()
    {
        var (ticks, _, _) = Axis.DecadeTicks(100, 100);
        Assert.Equal([10.0, 100, 1000], ticks);
    }

    [Fact]
    public void LogAxisIgnoresNonPositiveValuesAndMapsDecadesEvenly()
    {
        var axis = Axis.Fit([0, -1, double.NaN, 0.01, 10], log: true, 0, 300);
        Assert.Equal(0.01, axis.Min, 15);
        Assert.Equal(10, axis.Max, 12);
        Assert.Equal(0, axis.Map(0.01), 9);
        Assert.Equal(100, axis.Map(0.1), 9);
        Assert.Equal(300, axis.Map(10), 9);
        Assert.Contains("\u22122", axis.LabelMarkup(0.01));
    }

    [Theory]
    [InlineData(0.25, 0.05, "0.25")]
    [InlineData(3.0, 1.0, "3")]
    [InlineData(-0.5, 0.1, "-0.5")]
    [InlineData(2000000.0, 1000000.0, "2E+6")]
    [InlineData(0.0, 0.1, "0")]
    public void TickLabelsUseInvariantFixedFormatting(double value, double step, string expected) =>
        Assert.Equal(expected, Axis.FormatLinear(value, step));
}
