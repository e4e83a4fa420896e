using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AlignLab.Reports;

/// <summary>Renders a <see cref="Report"/> as the <c>report.md</c> a reader opens first.</summary>
public static class ReportMarkdown
{
    public static string Render(Report report, RunInfo? run = null)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(OneLine(report.Title)).Append("\n\n");
        md.Append("**Paper:** ").Append(OneLine(report.Paper)).Append("  \n");
        md.Append("**Experiment:** `").Append(report.Id).Append('`');
        if (run is not null)
            md.Append("  \n**Run:** ").Append(Invariant($"{SizeLabel(run.Size)}; run seed {run.Seed} (the trial seeds it stands for are under Configuration), {run.Threads} thread(s), {run.Seconds:F1} s"));
        md.Append("\n\n");
        if (run?.Size == Experiments.ExperimentSize.Quick) md.Append("> ").Append(QuickNotice).Append("\n\n");

        if (report.Summary.Length > 0) md.Append("## Summary\n\n").Append(report.Summary.Trim()).Append("\n\n");

        md.Append("## Claims\n\n");
        if (report.Claims.Count == 0) md.Append("No claim of the paper is checked by this experiment.\n\n");
        else
        {
            int held = 0;
            foreach (var c in report.Claims) if (c.Held) held++;
            md.Append(Invariant($"{held} of {report.Claims.Count} claims held.\n\n"));
            AppendTable(md, ["Claim", "Ours", "Paper", "Held"],
                report.Claims.Select(c => (IReadOnlyList<string>)[c.Statement, c.Ours, c.Paper, c.Held ? "✓" : "✗"]));
        }

        if (report.Tables.Count > 0)
        {
            md.Append("## Tables\n\n");
            foreach (var table in report.Tables)
            {
                if (table.Caption.Length > 0) md.Append("**").Append(OneLine(table.Caption)).Append("**\n\n");
                AppendTable(md, table.Columns, table.Rows);
            }
        }

        if (report.Figures.Count > 0)
        {
            md.Append("## Figures\n\n");
            foreach (var figure in report.Figures)
                md.Append("![").Append(OneLine(figure.Caption).Replace("]", "\\]")).Append("](").Append(figure.Name).Append(".svg)\n\n")
                  .Append('*').Append(OneLine(figure.Caption)).Append("*\n\n");
        }

        md.Append("## Configuration\n\n");
        if (report.Configuration.Count == 0) md.Append("No settings.\n");
        else AppendTable(md, ["Setting", "Value"], report.Configuration.Select(kv => (IReadOnlyList<string>)[kv.Key, FormatValue(kv.Value)]));
        return md.ToString();
    }

    /// <summary>What every quick-size page says, so a smoke-test number is never mistaken for a result.</summary>
    public const string QuickNotice =
        "Quick size: a smoke-test run with few seeds and short budgets, not the figures of record. " +
        "`alignlab reproduce --full` produces those; the README cites only full runs.";

    public static string SizeLabel(Experiments.ExperimentSize size) =>
        size == Experiments.ExperimentSize.Full ? "full size (figures of record)" : "quick size (smoke test, not the figures of record)";

    /// <summary>A configuration value as one readable cell: strings verbatim, anything else as compact JSON.</summary>
    public static string FormatValue(object? value) =>
        value as string ?? JsonSerializer.Serialize(value, ReportJson.Compact);

    private static void AppendTable(StringBuilder md, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Append('|');
        foreach (string c in columns) md.Append(' ').Append(Cell(c)).Append(" |");
        md.Append("\n|");
        foreach (string _ in columns) md.Append("---|");
        md.Append('\n');
        foreach (var row in rows)
        {
            md.Append('|');
            foreach (string cell in row) md.Append(' ').Append(Cell(cell)).Append(" |");
            md.Append('\n');
        }
        md.Append('\n');
    }

    /// <summary>A table cell: a pipe would end the cell and a newline the row.</summary>
    private static string Cell(string text) => OneLine(text).Replace("|", "\\|");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
