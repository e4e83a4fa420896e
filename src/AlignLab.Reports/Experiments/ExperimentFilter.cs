using System.Text;
using System.Text.RegularExpressions;

namespace AlignLab.Reports.Experiments;

/// <summary>
/// Selects experiments by id: a comma-separated list of patterns, each a glob (<c>*</c>, <c>?</c>; <c>*</c> also
/// crosses '/') matched against the whole id, or else a plain prefix (<c>mimo</c> selects <c>mimo/...</c>).
/// </summary>
public static class ExperimentFilter
{
    public static bool Matches(string id, string? patterns)
    {
        if (string.IsNullOrWhiteSpace(patterns)) return true;
        foreach (string raw in patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool hit = raw.Contains('*') || raw.Contains('?')
                ? GlobRegex(raw).IsMatch(id)
                : id.StartsWith(raw, StringComparison.OrdinalIgnoreCase);
            if (hit) return true;
        }
        return false;
    }

    public static List<IExperiment> Select(IEnumerable<IExperiment> experiments, string? patterns)
    {
        var selected = new List<IExperiment>();
        foreach (var e in experiments) if (Matches(e.Id, patterns)) selected.Add(e);
        return selected;
    }

    private static Regex GlobRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        foreach (char c in glob)
            pattern.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        return new Regex(pattern.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
