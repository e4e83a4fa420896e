using AlignLab.Reports.Experiments;

namespace AlignLab.Reports.Tests.Experiments;

public class ExperimentFilterTests
{
    [Theory]
    [InlineData("mimo/nmse-vs-bits", null, true)]
    [InlineData("mimo/nmse-vs-bits", "", true)]
    [InlineData("mimo/nmse-vs-bits", "mimo", true)]
    [InlineData("mimo/nmse-vs-bits", "mimo/", true)]
    [InlineData("mimo/nmse-vs-bits", "MIMO/nmse", true)]
    [InlineData("mimo/nmse-vs-bits", "dynamics", false)]
    [InlineData("mimo/nmse-vs-bits", "*/nmse-*", true)]
    [InlineData("mimo/nmse-vs-bits", "*bits", true)]
    [InlineData("mimo/nmse-vs-bits", "*bit", false)]
    [InlineData("mimo/nmse-vs-bits", "mim?/*", true)]
    [InlineData("mimo/nmse-vs-bits", "dynamics, mimo", true)]
    [InlineData("mimo/nmse-vs-bits", "nmse", false)]
    [InlineData("mimo.x/a", "mimo?x*", true)]
    [InlineData("mimoAx/a", "mimo.x*", false)]
    public void MatchesGlobsAndPrefixes(string id, string? pattern, bool expected) =>
        Assert.Equal(expected, ExperimentFilter.Matches(id, pattern));
}
