using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlignLab.Reports;

/// <summary>
/// The JSON settings of every report file. JSON has no NaN or infinity, and a diverged run is exactly when a
/// metric is NaN, so non-finite numbers are written as null instead of failing the whole report.
/// </summary>
public static class ReportJson
{
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);
    /// <summary>For settings records shown as a configuration: snake_case names, as config keys are written.</summary>
    public static JsonSerializerOptions Settings { get; } = Create(indented: false, JsonNamingPolicy.SnakeCaseLower);

    private static JsonSerializerOptions Create(bool indented, JsonNamingPolicy? naming = null)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = naming ?? JsonNamingPolicy.CamelCase,
            // Report files are read by people; "<" or "é" escaped as \u003C helps nobody. Never embedded in HTML raw.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new FiniteDoubleConverter());
        options.Converters.Add(new FiniteSingleConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    private sealed class FiniteSingleConverter : JsonConverter<float>
    {
        public override bool HandleNull => true;

        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
