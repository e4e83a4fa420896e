using System.Xml.Linq;
using AlignLab.Reports.Experiments;

namespace AlignLab.Reports.Tests;

public class ReportIndexTests
{
    [Fact]
    public void IndexWithNoReportsSaysNone()
    {
        using var temp = new TempFolder();
        string path = ReportIndex.Write(Path.Combine(temp.Path, "reports"));
        string html = File.ReadAllText(path);
        Assert.Contains("No reports yet", html);
        Assert.Contains("0 report(s)", html);
        Assert.Equal(["index.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void IndexLinksEveryReportAndShowsItsFigures()
    {
        using var temp = new TempFolder();
        var run = new RunInfo(ExperimentSize.Quick, 1, 1, 3.26, new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.Zero));
        ReportWriter.Write(SampleReports.Make("mimo/nmse-vs-bits", "NMSE <bits>"), temp.Path, run);
        ReportWriter.Write(SampleReports.Make("dynamics/softmax"), temp.Path);
        Directory.CreateDirectory(Path.Combine(temp.Path, "mimo", ".x.writing-123")); // a crashed writer's leftovers
        File.WriteAllText(Path.Combine(temp.Path, "mimo", ".x.writing-123", ReportManifest.FileName), "{");

        string html = File.ReadAllText(ReportIndex.Write(temp.Path, [new IndexProblem("steering/confst", "boom & bust")]));
        Assert.Contains("href=\"mimo/nmse-vs-bits/report.md\"", html);
        Assert.Contains("href=\"dynamics/softmax/report.md\"", html);
        Assert.Contains("<img src=\"mimo/nmse-vs-bits/nmse.svg\"", html);
        Assert.Contains("NMSE &lt;bits&gt;", html);
        Assert.Contains("1/2</span>", html);
        Assert.Contains(">3.3<", html);
        Assert.Contains("2025-05-06 07:08", html);
        Assert.Contains("boom &amp; bust", html);
        Assert.Contains("2 report(s); 2 of 4 checked claims held.", html);
        Assert.Contains("1 of these report(s) are quick size", html); // a smoke-test number is never mistaken for a result
        Assert.Contains("class=\"size quick\"", html);
        Assert.True(html.IndexOf("dynamics/softmax") < html.IndexOf("mimo/nmse-vs-bits"), "reports are ordered by id");
        Assert.DoesNotContain(".writing-", html);
        XDocument.Parse(html.Replace("<!DOCTYPE html>", "")); // also well-formed XML: every tag closed, text escaped
    }

    [Fact]
    public void UnreadableManifestIsListedAsAProblem()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "bad"));
        File.WriteAllText(Path.Combine(temp.Path, "bad", ReportManifest.FileName), "not json");
        var problems = new List<IndexProblem>();
        Assert.Empty(ReportIndex.Scan(temp.Path, problems));
        Assert.Contains("report.json", Assert.Single(problems).Id);
    }
}
