using System.Text.Json;

namespace AlignLab.Models.Data;

/// <summary>
/// Reads JSON Lines: one object per non-blank line. Every problem is an <see cref="InvalidDataException"/> whose
/// message is one line starting with <c>file:line:</c>.
/// </summary>
public static class JsonlFile
{
    public static IEnumerable<(string Where, JsonElement Record)> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            string where = $"{path}:{line}";
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(text);
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}: invalid JSON at byte {e.BytePositionInLine ?? 0}");
            }
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: expected a JSON object, got {Describe(root)}");
            yield return (where, root);
        }
    }

    /// <summary>The string field <paramref name="name"/> of a record, or a one-line error naming it.</summary>
    public static string String(JsonElement record, string name, string where)
    {
        if (!record.TryGetProperty(name, out var v)) throw new InvalidDataException($"{where}: field \"{name}\" is missing");
        if (v.ValueKind != JsonValueKind.String) throw new InvalidDataException($"{where}: field \"{name}\" must be a string, got {Describe(v)}");
        return v.GetString()!;
    }

    public static JsonElement Array(JsonElement record, string name, string where)
    {
        if (!record.TryGetProperty(name, out var v)) throw new InvalidDataException($"{where}: field \"{name}\" is missing");
        if (v.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{where}: field \"{name}\" must be an array, got {Describe(v)}");
        return v;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };
}
