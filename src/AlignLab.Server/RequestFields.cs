using System.Text.Json;

namespace AlignLab.Server;

/// <summary>
/// Typed reads of a request body's fields; a wrong type or range is a 400 naming the field. JSON <c>null</c> counts
/// as absent, since OpenAI clients send unset options as null.
/// </summary>
internal static class RequestFields
{
    public static bool TryGet(JsonElement body, string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary><paramref name="path"/> is how the error names the field when it is nested (e.g. "messages[2].role").</summary>
    public static JsonElement Required(JsonElement body, string name, string? path = null) =>
        TryGet(body, name, out var v) ? v : throw OpenAiException.BadField(path ?? name, $"'{path ?? name}' is a required field");

    public static string String(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(name, "a string", value);

    public static string? OptionalString(JsonElement body, string name) => TryGet(body, name, out var v) ? String(v, name) : null;

    public static double? OptionalNumber(JsonElement body, string name, double min, double max)
    {
        if (!TryGet(body, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number) throw WrongType(name, "a number", v);
        double x = v.GetDouble();
        return x >= min && x <= max ? x : throw OpenAiException.BadField(name, $"'{name}' must be between {min} and {max}, got {x}");
    }

    public static long? OptionalInteger(JsonElement body, string name, long min, long max)
    {
        if (!TryGet(body, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long x)) throw WrongType(name, "an integer", v);
        return x >= min && x <= max ? x : throw OpenAiException.BadField(name, $"'{name}' must be between {min} and {max}, got {x}");
    }

    public static bool OptionalBool(JsonElement body, string name, bool fallback)
    {
        if (!TryGet(body, name, out var v)) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "a boolean", v),
        };
    }

    public static int TokenId(JsonElement value, string name, int vocabSize)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int id)) throw WrongType(name, "a token id (integer)", value);
        return id >= 0 && id < vocabSize ? id : throw OpenAiException.BadField(name, $"'{name}' is token id {id}, outside the vocabulary [0, {vocabSize})");
    }

    public static OpenAiException WrongType(string name, string expected, JsonElement got) =>
        OpenAiException.BadField(name, $"'{name}' must be {expected}, got {Describe(got.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
