using System.Text.Json;

namespace AlignLab.Models.Checkpoints;

/// <summary>Which safetensors file of an HF directory holds each tensor: one <c>model.safetensors</c>, or shards listed by <c>model.safetensors.index.json</c>.</summary>
public static class CheckpointShards
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>The weight files of <paramref name="directory"/>, each with the tensor names to read from it (null: all of them).</summary>
    public static IReadOnlyList<(string Path, HashSet<string>? Names)> Files(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        if (File.Exists(single)) return [(single, null)];
        var index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index)) throw new FileNotFoundException($"{directory}: neither {SingleFile} nor {IndexFile} exists", single);
        using var doc = JsonDocument.Parse(File.ReadAllText(index));
        if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{index}: no \"weight_map\" object");
        var byFile = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            var file = entry.Value.GetString();
            if (string.IsNullOrEmpty(file) || file.Contains('/') || file.Contains('\\') || file.Contains(".."))
                throw new InvalidDataException($"{index}: tensor '{entry.Name}' maps to an invalid file name '{file}'");
            if (!byFile.TryGetValue(file, out var names)) byFile[file] = names = new HashSet<string>(StringComparer.Ordinal);
            names.Add(entry.Name);
        }
        var result = new List<(string, HashSet<string>?)>();
        foreach (var file in byFile.Keys.Order(StringComparer.Ordinal)) result.Add((Path.Combine(directory, file), byFile[file]));
        return result;
    }
}
