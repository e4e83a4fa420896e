using AlignLab.Reports.Experiments;
namespace AlignLab.Reports.Tests;

public class ReportMarkdownTests
{
    [Fact]
    public void ClaimsTableHasOneRowPerClaimWithHeldMarks()
    {
        string md = ReportMarkdown.Render(SampleReports.Make());
        var lines = md.Split('\n');
        int header = Array.IndexOf(lines, "| Claim | Ours | Paper | Held |");
        Assert.True(header >= 0, md);
        Assert.Equal("|---|---|---|---|", lines[header + 1]);
        Assert.Equal("| NMSE falls with more bits | -12.1 dB at 3 bits | -12 dB | ✓ |", lines[header + 2]);
        Assert.Equal("| Beats LS \\| by 3 dB | 1.2 dB | 3 dB | ✗ |", lines[header + 3]); // a pipe must not split the cell
        Assert.Equal("", lines[header + 4]);
        Assert.Contains("1 of 2 claims held.", md);
    }

    [Fact]
    public void QuickRunsAreLabelledAsNotTheFiguresOfRecord()
    {
        var run = new RunInfo(ExperimentSize.Quick, 1, 1, 2.0, DateTimeOffset.UnixEpoch);
        string md = ReportMarkdown.Render(SampleReports.Make(), run);
        Assert.Contains("quick size (smoke test, not the figures of record)", md);
        Assert.Contains("> " + ReportMarkdown.QuickNotice, md);
    }

    [Fact]
    public void HasTitlePaperSummaryTablesFiguresAndConfiguration()
    {
        var run = new RunInfo(ExperimentSize.Full, 3, 4, 61.26, DateTimeOffset.UnixEpoch);
        string md = ReportMarkdown.Render(SampleReports.Make(), run);
        Assert.StartsWith("# NMSE against feedback bits\n", md);
        Assert.Contains("**Paper:** Downlink MIMO channel estimation from bits", md);
        Assert.Contains("**Run:** full size (figures of record); run seed 3 (the trial seeds it stands for are under Configuration), 4 thread(s), 61.3 s", md);
        Assert.DoesNotContain(ReportMarkdown.QuickNotice, md);
        Assert.Contains("## Summary\n\nRan *REDEEM*.", md);
        Assert.Contains("**NMSE by bits**\n\n| bits | NMSE (dB) |\n|---|---|\n| 1 | -3.0 |\n| 3 | -12.1 |\n", md);
        Assert.Contains("![NMSE falls with bits](nmse.svg)", md);
        Assert.Contains("| bits | [1,3] |", md);
        Assert.Contains("| optimizer | AdamW |", md);
        Assert.Contains("| lr | 0.001 |", md);
        Assert.True(md.IndexOf("## Claims") < md.IndexOf("## Tables") && md.IndexOf("## Figures") < md.IndexOf("## Configuration"));
    }

    [Fact]
    public void ReportWithoutClaimsSaysSo()
    {
        var report = new Report { Id = "a/b", Paper = "P", Title = "T" };
        string md = ReportMarkdown.Render(report);
        Assert.Contains("No claim of the paper is checked", md);
        Assert.DoesNotContain("## Figures", md);
        Assert.DoesNotContain("**Run:**", md);
    }
}
