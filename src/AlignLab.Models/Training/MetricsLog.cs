using System.Text.Json;
using System.Text.Json.Serialization;
using AlignLab.Core.IO;

namespace AlignLab.Models.Training;

/// <summary>
/// <c>metrics.jsonl</c>: one <see cref="MetricsRecord"/> per step, flushed as written. Opening it for a run that starts
/// after step s first drops the records after s (written by a run that went on past its last checkpoint), so a
/// resumed run's log reads like one uninterrupted run.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    public const string FileName = "metrics.jsonl";
    // A diverged run logs NaN losses; standard JSON has no NaN, so they are written as the string "NaN".
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly StreamWriter _writer;

    private MetricsLog(StreamWriter writer) => _writer = writer;

    public static MetricsLog Open(string outputDir, int keepThroughStep)
    {
        var path = Path.Combine(outputDir, FileName);
        var kept = File.Exists(path) ? File.ReadLines(path).Where(l => KeepLine(l, keepThroughStep)).ToList() : [];
        AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
        return new MetricsLog(new StreamWriter(path, append: true));
    }

    public static IReadOnlyList<MetricsRecord> Read(string outputDir) =>
        File.ReadLines(Path.Combine(outputDir, FileName)).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<MetricsRecord>(l, Json)!).ToList();

    private static bool KeepLine(string line, int keepThroughStep)
    {
        if (line.Length == 0) return false;
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("step").GetInt32() <= keepThroughStep;
    }

    public void Write(MetricsRecord record)
    {
        _writer.WriteLine(JsonSerializer.Serialize(record, Json));
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
