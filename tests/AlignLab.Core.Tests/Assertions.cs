namespace AlignLab.Core.Tests;

internal static class Assertions
{
    /// <summary>|actual − expected| ≤ atol + rtol·|expected| element-wise, reporting the worst element.</summary>
    public static void Close(Tensor expected, Tensor actual, float rtol, float atol, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape {ShapeUtil.Format(actual.Shape)} differs from expected {ShapeUtil.Format(expected.Shape)}");
        var e = expected.ToArray(); var a = actual.ToArray();
        int worst = -1; double worstExcess = 0;
        for (int i = 0; i < e.Length; i++)
        {
            double excess = Math.Abs(a[i] - e[i]) - (atol + rtol * Math.Abs(e[i]));
            if (double.IsNaN(a[i]) || excess > worstExcess) { worst = i; worstExcess = double.IsNaN(a[i]) ? double.PositiveInfinity : excess; }
        }
        Assert.True(worst < 0, worst < 0 ? "" : $"{what}: element {worst} is {a[worst]}, expected {e[worst]} (rtol {rtol}, atol {atol})");
    }
}
