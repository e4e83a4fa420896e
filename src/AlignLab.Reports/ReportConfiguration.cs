using System.Text.Json;

namespace AlignLab.Reports;

/// <summary>
/// A settings record as a report's configuration: one entry per public property, named in snake_case, with the
/// value as plain strings, numbers, booleans, lists and maps (what <c>config.json</c> and the Markdown table show).
/// Going through JSON means a setting added to the record appears in every report without anyone listing it.
/// </summary>
public static class ReportConfiguration
{
    public static Dictionary<string, object?> From(object settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var element = JsonSerializer.SerializeToElement(settings, settings.GetType(), ReportJson.Settings);
        if (element.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"settings of type {settings.GetType().Name} must serialise to a JSON object, not {element.ValueKind}", nameof(settings));
        var entries = new Dictionary<string, object?>();
        foreach (var property in element.EnumerateObject()) entries[property.Name] = Plain(property.Value);
        return entries;
    }

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out long whole) ? whole : (object)value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        _ => null,
    };
}
