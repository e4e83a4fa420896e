using System.Text.Json;

namespace AlignLab.Methods.Irl;

/// <summary>
/// A user-supplied finite MDP as JSON:
/// <c>{"gamma": 0.9, "transitions": [[[P(s'|s,a) for s'] for a] for s], "start": [η(s)],
/// "reward": [r(s)] or [[r(s,a)]] (optional, enables the true-return metrics), "features": [[φ(s)]] (optional, default one-hot)}</c>.
/// Every error names the file and the field (and index) at fault.
/// </summary>
public static class MdpFile
{
    public static FiniteMdp Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new IOException($"{path}: cannot read the MDP file ({e.Message})", e); }
        try
        {
            using var document = JsonDocument.Parse(text);
            return Parse(document.RootElement);
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
    }

    public static FiniteMdp Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ArgumentException("the top level must be an object");
        double gamma = Number(Field(root, "gamma"), "gamma");
        var transitions = Field(root, "transitions");
        int states = Length(transitions, "transitions");
        int actions = Length(transitions[0], "transitions[0]");
        var dense = new double[states * actions * states];
        for (int s = 0; s < states; s++)
        {
            var row = transitions[s];
            if (Length(row, $"transitions[{s}]") != actions) throw new ArgumentException($"transitions[{s}] has {row.GetArrayLength()} actions, transitions[0] has {actions}");
            for (int a = 0; a < actions; a++)
            {
                var p = Vector(row[a], $"transitions[{s}][{a}]", states);
                p.CopyTo(dense, (s * actions + a) * states);
            }
        }
        var start = Vector(Field(root, "start"), "start", states);
        double[]? reward = null;
        if (root.TryGetProperty("reward", out var r))
        {
            if (Length(r, "reward") != states) throw new ArgumentException($"reward has {r.GetArrayLength()} entries, expected one per state ({states})");
            reward = r[0].ValueKind == JsonValueKind.Array
                ? Matrix(r, "reward", states, actions)
                : FiniteMdp.StateToStateAction(Vector(r, "reward", states), actions);
        }
        double[]? features = null;
        int featureCount = 0;
        if (root.TryGetProperty("features", out var f))
        {
            if (Length(f, "features") != states) throw new ArgumentException($"features has {f.GetArrayLength()} rows, expected one per state ({states})");
            featureCount = Length(f[0], "features[0]");
            features = Matrix(f, "features", states, featureCount);
        }
        return new FiniteMdp(states, actions, gamma, dense, start, features, featureCount, reward);
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new ArgumentException($"missing field '{name}'");

    private static int Length(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0) throw new ArgumentException($"{name} must be a non-empty array");
        return e.GetArrayLength();
    }

    private static double Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new ArgumentException($"{name} must be a number, got {e.ValueKind.ToString().ToLowerInvariant()}");

    private static double[] Vector(JsonElement e, string name, int length)
    {
        if (Length(e, name) != length) throw new ArgumentException($"{name} has {e.GetArrayLength()} entries, expected {length}");
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = Number(e[i], $"{name}[{i}]");
        return values;
    }

    private static double[] Matrix(JsonElement e, string name, int rows, int columns)
    {
        var values = new double[rows * columns];
        for (int i = 0; i < rows; i++) Vector(e[i], $"{name}[{i}]", columns).CopyTo(values, i * columns);
        return values;
    }
}
