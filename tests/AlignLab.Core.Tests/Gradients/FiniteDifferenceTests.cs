namespace AlignLab.Core.Tests.Gradients;

/// <summary>Every case of <see cref="GradientCases"/> against central finite differences (see <see cref="GradCheck"/>).</summary>
public class FiniteDifferenceTests
{
    public static IEnumerable<object[]> CaseNames() => GradientCases.All.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesFiniteDifferences(string name)
    {
        var c = GradientCases.All.Single(x => x.Name == name);
        GradCheck.Check(c.F, c.Inputs());
    }
}
