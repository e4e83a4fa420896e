namespace AlignLab.Reports;

/// <summary>A claim of the paper checked by an experiment: what we measured next to what the paper reports.</summary>
public sealed record Claim(string Statement, string Ours, string Paper, bool Held);

/// <summary>A figure of a report: a file name (without extension) and its SVG text.</summary>
public sealed record Figure(string Name, string Caption, string Svg);

/// <summary>A table of a report: a caption, column headers and rows of already formatted cells.</summary>
public sealed record Table(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>What one experiment run produced; written to <c>reports/&lt;id&gt;/</c> by a report writer.</summary>
public sealed class Report
{
    public required string Id { get; init; }
    public required string Paper { get; init; }
    public required string Title { get; init; }
    /// <summary>Free Markdown: what was run and what was observed.</summary>
    public string Summary { get; set; } = "";
    public Dictionary<string, object?> Configuration { get; } = new();
    public List<Claim> Claims { get; } = new();
    public List<Table> Tables { get; } = new();
    public List<Figure> Figures { get; } = new();
    /// <summary>Machine-readable numbers, written as <c>metrics.json</c>.</summary>
    public Dictionary<string, object?> Metrics { get; } = new();
}
