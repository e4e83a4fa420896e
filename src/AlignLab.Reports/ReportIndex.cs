using System.Globalization;
using System.Net;
using System.Text;

namespace AlignLab.Reports;

/// <summary>A failure to show on the index page, e.g. an experiment that threw in the last run.</summary>
public sealed record IndexProblem(string Id, string Message);

/// <summary>
/// <c>reports/index.html</c>: one self-contained page (inline CSS, figures as &lt;img&gt;) linking every report found
/// under the reports folder, whichever run wrote it.
/// </summary>
public static class ReportIndex
{
    public const string FileName = "index.html";

    /// <summary>Every readable <c>report.json</c> under <paramref name="reportsRoot"/>, ordered by id; unreadable ones go to <paramref name="problems"/>.</summary>
    public static List<ReportManifest> Scan(string reportsRoot, List<IndexProblem> problems)
    {
        var found = new List<ReportManifest>();
        if (Directory.Exists(reportsRoot)) Collect(reportsRoot, found, problems);
        found.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return found;
    }

    /// <summary>Writes the index (atomically, by rename) and returns its path.</summary>
    public static string Write(string reportsRoot, IReadOnlyList<IndexProblem>? failures = null)
    {
        Directory.CreateDirectory(reportsRoot);
        var problems = new List<IndexProblem>(failures ?? []);
        var reports = Scan(reportsRoot, problems);
        string path = Path.Combine(reportsRoot, FileName), staging = path + $".writing-{Guid.NewGuid():N}";
        try
        {
            File.WriteAllText(staging, Render(reports, problems), new UTF8Encoding(false));
            File.Move(staging, path, overwrite: true);
        }
        catch
        {
            File.Delete(staging);
            throw;
        }
        return path;
    }

    public static string Render(IReadOnlyList<ReportManifest> reports, IReadOnlyList<IndexProblem> problems)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>AlignLab reports</title>\n<style>\n")
            .Append(Css).Append("</style>\n</head>\n<body>\n<h1>AlignLab reports</h1>\n");
        int held = 0, total = 0;
        foreach (var r in reports) { held += r.ClaimsHeld; total += r.Claims.Count; }
        html.Append(Invariant($"<p class=\"lead\">{reports.Count} report(s); {held} of {total} checked claims held.</p>\n"));
        int quick = reports.Count(r => r.Run?.Size == Experiments.ExperimentSize.Quick);
        if (quick > 0)
            html.Append(Invariant($"<p class=\"quick\">{quick} of these report(s) are quick size (marked <span class=\"size quick\">quick</span>). "))
                .Append(Enc(ReportMarkdown.QuickNotice)).Append("</p>\n");

        if (problems.Count > 0)
        {
            html.Append("<div class=\"problems\"><h2>Problems</h2>\n<ul>\n");
            foreach (var p in problems) html.Append("<li><code>").Append(Enc(p.Id)).Append("</code>: ").Append(Enc(p.Message)).Append("</li>\n");
            html.Append("</ul></div>\n");
        }

        if (reports.Count == 0)
            html.Append("<p class=\"none\">No reports yet: no experiment has written one. Run <code>alignlab reproduce</code>.</p>\n");
        else
        {
            html.Append("<table>\n<tr><th>Report</th><th>Paper</th><th>Claims held</th><th>Size</th><th>Seconds</th><th>Finished (UTC)</th></tr>\n");
            foreach (var r in reports)
                html.Append("<tr><td><a href=\"#").Append(Anchor(r.Id)).Append("\">").Append(Enc(r.Title)).Append("</a><br /><code>")
                    .Append(Enc(r.Id)).Append("</code></td><td>").Append(Enc(r.Paper)).Append("</td><td>").Append(ClaimsBadge(r))
                    .Append("</td><td>").Append(SizeBadge(r))
                    .Append("</td><td class=\"num\">").Append(r.Run is null ? "" : Invariant($"{r.Run.Seconds:F1}"))
                    .Append("</td><td>").Append(r.Run is null ? "" : r.Run.FinishedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                    .Append("</td></tr>\n");
            html.Append("</table>\n");
            foreach (var r in reports) AppendReport(html, r);
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendReport(StringBuilder html, ReportManifest r)
    {
        string folder = Href(r.Id);
        html.Append("<section id=\"").Append(Anchor(r.Id)).Append("\">\n<h2><a href=\"").Append(folder).Append("/report.md\">")
            .Append(Enc(r.Title)).Append("</a></h2>\n<p class=\"meta\">").Append(Enc(r.Paper)).Append(" · <code>").Append(Enc(r.Id))
            .Append("</code> · ").Append(ClaimsBadge(r)).Append(" claims held · ").Append(SizeBadge(r)).Append("</p>\n");
        if (r.Claims.Count > 0)
        {
            html.Append("<table class=\"claims\">\n<tr><th>Claim</th><th>Ours</th><th>Paper</th><th>Held</th></tr>\n");
            foreach (var c in r.Claims)
                html.Append("<tr><td>").Append(Enc(c.Statement)).Append("</td><td>").Append(Enc(c.Ours)).Append("</td><td>")
                    .Append(Enc(c.Paper)).Append("</td><td class=\"").Append(c.Held ? "held\">✓" : "failed\">✗").Append("</td></tr>\n");
            html.Append("</table>\n");
        }
        foreach (var f in r.Figures)
            html.Append("<figure><img src=\"").Append(folder).Append('/').Append(Uri.EscapeDataString(f.Name)).Append(".svg\" alt=\"")
                .Append(Enc(f.Caption)).Append("\" loading=\"lazy\" /><figcaption>").Append(Enc(f.Caption)).Append("</figcaption></figure>\n");
        html.Append("</section>\n");
    }

    private static void Collect(string folder, List<ReportManifest> found, List<IndexProblem> problems)
    {
        string manifest = Path.Combine(folder, ReportManifest.FileName);
        if (File.Exists(manifest))
        {
            try { found.Add(ReportManifest.Load(manifest)); }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(new IndexProblem(manifest, e.Message));
            }
        }
        var children = Directory.GetDirectories(folder);
        Array.Sort(children, StringComparer.Ordinal);
        foreach (string child in children)
            if (!Path.GetFileName(child).StartsWith('.')) // staging and retired folders of the report writer
                Collect(child, found, problems);
    }

    private static string ClaimsBadge(ReportManifest r)
    {
        string kind = r.Claims.Count == 0 ? "none" : r.ClaimsHeld == r.Claims.Count ? "held" : "failed";
        return Invariant($"<span class=\"badge {kind}\">{r.ClaimsHeld}/{r.Claims.Count}</span>");
    }

    private static string SizeBadge(ReportManifest r) => r.Run is null ? "" : r.Run.Size == Experiments.ExperimentSize.Quick
        ? "<span class=\"size quick\" title=\"smoke-test size, not the figures of record\">quick</span>"
        : "<span class=\"size full\" title=\"figures of record\">full</span>";

    private static string Href(string id) => string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    private static string Anchor(string id) => "r-" + Enc(id.Replace('/', '-'));

    private static string Enc(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { margin-bottom: 0.2em; }
        .lead { color: #555; }
        table { border-collapse: collapse; margin: 1em 0; width: 100%; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f5f5f5; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-size: 0.9em; color: #555; }
        section { border-top: 2px solid #eee; margin-top: 2em; padding-top: 0.5em; }
        .meta { color: #555; }
        .badge { display: inline-block; padding: 0 0.5em; border-radius: 0.8em; font-weight: 600; }
        .badge.held { background: #d8f0df; color: #1b6b34; }
        .badge.failed { background: #fde2d6; color: #9a3412; }
        .badge.none { background: #eee; color: #555; }
        td.held { color: #1b6b34; font-weight: 700; }
        td.failed { color: #9a3412; font-weight: 700; }
        figure { display: inline-block; margin: 0.5em 1em 0.5em 0; max-width: 100%; }
        figure img { max-width: 100%; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.9em; }
        .problems { background: #fff4f0; border: 1px solid #f3c4b0; padding: 0 1em; margin: 1em 0; }
        .none { color: #555; font-style: italic; }
        .quick { background: #fff8e1; border: 1px solid #f0d98a; padding: 0.5em 1em; }
        .size { display: inline-block; padding: 0 0.5em; border-radius: 0.3em; font-size: 0.9em; }
        .size.quick { background: #fff3c4; color: #7a5b00; border: none; padding: 0 0.5em; }
        .size.full { background: #e3ecfa; color: #1f4e99; }

        """;
}
