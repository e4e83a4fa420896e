using System.Text;
using System.Text.Json;

namespace AlignLab.Reports;

/// <summary>
/// Writes a report to <c>&lt;reportsRoot&gt;/&lt;Id&gt;/</c>: <c>report.md</c>, <c>metrics.json</c>, <c>config.json</c>,
/// <c>report.json</c> (for the index) and one SVG per figure. The folder is built under a temporary name next to
/// the target and swapped in by renames, so a reader sees the old report or the new one, never half of either.
/// </summary>
public static class ReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the report and returns its folder.</summary>
    public static string Write(Report report, string reportsRoot, RunInfo? run = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(reportsRoot);
        ValidateId(report.Id);
        ValidateTables(report);

        return WriteFolder(reportsRoot, report.Id, staging =>
        {
            WriteText(staging, "report.md", ReportMarkdown.Render(report, run));
            var figureNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var figure in report.Figures)
            {
                // Checked here rather than up front on purpose: whatever fails while the folder is half built
                // must leave the previous report untouched, and the tests exercise exactly that path.
                ValidateName(figure.Name, $"report '{report.Id}' figure name");
                if (!figureNames.Add(figure.Name))
                    throw new ArgumentException($"report '{report.Id}' has two figures named '{figure.Name}'", nameof(report));
                WriteText(staging, figure.Name + ".svg", figure.Svg);
            }
            WriteJson(staging, "config.json", report.Configuration, report.Id);
            WriteJson(staging, "metrics.json", report.Metrics, report.Id);
            WriteJson(staging, ReportManifest.FileName, ReportManifest.From(report, run), report.Id);
        });
    }

    /// <summary>
    /// Builds report <paramref name="id"/>'s folder by <paramref name="fill"/> in a staging folder and swaps it in;
    /// if <paramref name="fill"/> throws, the previous report stays as it was. Returns the folder.
    /// </summary>
    internal static string WriteFolder(string reportsRoot, string id, Action<string> fill)
    {
        string target = Path.GetFullPath(Path.Combine(reportsRoot, id.Replace('/', Path.DirectorySeparatorChar)));
        string parent = Path.GetDirectoryName(target)!, leaf = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        // Dot-prefixed siblings are invisible to the index, so a crash never shows up as a report.
        string staging = Path.Combine(parent, $".{leaf}.writing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            fill(staging);
            SwapIn(staging, target);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        return target;
    }

    /// <summary>An id is one or more '/'-separated names of letters, digits, '-', '_' and '.', none starting with '.'.</summary>
    public static void ValidateId(string id)
    {
        if (string.IsNullOrEmpty(id)) throw new ArgumentException("report id is empty", nameof(id));
        foreach (string segment in id.Split('/')) ValidateName(segment, $"report id '{id}'");
    }

    internal static void ValidateName(string name, string what)
    {
        bool ok = name.Length > 0 && name[0] != '.';
        foreach (char c in name) ok &= char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
        if (!ok)
            throw new ArgumentException(
                $"{what}: '{name}' is not a valid name (use letters, digits, '-', '_', '.', not starting with '.')", nameof(name));
    }

    private static void ValidateTables(Report report)
    {
        foreach (var table in report.Tables)
            for (int r = 0; r < table.Rows.Count; r++)
                if (table.Rows[r].Count != table.Columns.Count)
                    throw new ArgumentException(
                        $"report '{report.Id}' table '{table.Caption}' row {r} has {table.Rows[r].Count} cells for {table.Columns.Count} columns",
                        nameof(report));
    }

    private static void WriteText(string folder, string file, string text) =>
        File.WriteAllText(Path.Combine(folder, file), text, Utf8);

    private static void WriteJson<T>(string folder, string file, T value, string id)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(value, ReportJson.Indented);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidDataException($"report '{id}' {file}: cannot be written as JSON ({e.Message})", e);
        }
        WriteText(folder, file, json + "\n");
    }

    /// <summary>Renames the staged folder onto the target; on failure the old report is put back.</summary>
    private static void SwapIn(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        string retired = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
        Directory.Move(target, retired);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(retired, target);
            throw;
        }
        TryDelete(retired);
    }

    internal static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // best effort: a leftover dot-folder is invisible to the index and harmless
        catch (UnauthorizedAccessException) { }
    }
}
