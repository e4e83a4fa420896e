using System.Text.Json;

namespace AlignLab.Reports;

/// <summary>
/// <c>report.json</c>: what the index page needs to know about a report (title, claims, figures, run) without
/// parsing its Markdown.
/// </summary>
public sealed record ReportManifest(
    string Id,
    string Title,
    string Paper,
    IReadOnlyList<Claim> Claims,
    IReadOnlyList<FigureEntry> Figures,
    RunInfo? Run)
{
    public const string FileName = "report.json";

    public int ClaimsHeld
    {
        get
        {
            int held = 0;
            foreach (var claim in Claims) if (claim.Held) held++;
            return held;
        }
    }

    public static ReportManifest From(Report report, RunInfo? run)
    {
        var figures = new List<FigureEntry>(report.Figures.Count);
        foreach (var f in report.Figures) figures.Add(new FigureEntry(f.Name, f.Caption));
        return new ReportManifest(report.Id, report.Title, report.Paper, [.. report.Claims], figures, run);
    }

    /// <summary>Reads a manifest; a missing or malformed file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ReportManifest Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportManifest>(File.ReadAllText(path), ReportJson.Indented)
                   ?? throw new InvalidDataException($"{path}: empty report manifest");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a report manifest ({e.Message})", e);
        }
    }
}

/// <summary>A figure as listed in the manifest; its file is <c>Name.svg</c> next to the manifest.</summary>
public sealed record FigureEntry(string Name, string Caption);
