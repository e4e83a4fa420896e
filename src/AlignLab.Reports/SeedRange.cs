using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlignLab.Reports;

/// <summary>
/// The consecutive seeds First … First+Count−1 of an experiment's trials. It prints as readers expect a set of seeds
/// ("seeds 1000–1019", "seed 1000"), never as a bare number that could be mistaken for a count, and serialises in
/// <c>config.json</c> as that same text.
/// </summary>
[JsonConverter(typeof(SeedRangeJsonConverter))]
public readonly record struct SeedRange
{
    public SeedRange(int first, int count)
    {
        if (first < 0) throw new ArgumentOutOfRangeException(nameof(first), first, "the first seed must be non-negative");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a seed range holds at least one seed");
        First = first;
        Count = count;
    }

    public int First { get; }
    public int Count { get; }
    public int Last => First + Count - 1;

    public int this[int index] =>
        (uint)index < (uint)Count ? First + index : throw new ArgumentOutOfRangeException(nameof(index), index, $"a range of {Count} seeds");

    /// <summary>The range that a run's <c>--seed</c> stands for: seed s gives scale·s, scale·s+1, … (seed 1 → 1000…).</summary>
    public static SeedRange FromRunSeed(int runSeed, int count, int scale = 1000) => new(checked(scale * runSeed), count);

    public int[] ToArray()
    {
        var seeds = new int[Count];
        for (int i = 0; i < Count; i++) seeds[i] = First + i;
        return seeds;
    }

    /// <summary>Reads what <see cref="ToString"/> writes ("seed 7", "seeds 1000–1019 (20 seeds)"); also "1000-1019".</summary>
    public static SeedRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        int paren = t.IndexOf('(');
        if (paren >= 0) t = t[..paren].Trim();
        if (t.StartsWith("seeds ", StringComparison.Ordinal)) t = t[6..];
        else if (t.StartsWith("seed ", StringComparison.Ordinal)) t = t[5..];
        var ends = t.Split(['–', '-'], 2);
        if (!int.TryParse(ends[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            || (ends.Length == 2 && !int.TryParse(ends[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"'{text}' is not a seed range (expected e.g. \"seeds 1000–1019\" or \"seed 7\")");
        int last = ends.Length == 2 ? int.Parse(ends[1].Trim(), CultureInfo.InvariantCulture) : first;
        if (last < first) throw new FormatException($"'{text}': the last seed is below the first");
        return new SeedRange(first, last - first + 1);
    }

    public override string ToString() => Count == 1
        ? string.Create(CultureInfo.InvariantCulture, $"seed {First}")
        : string.Create(CultureInfo.InvariantCulture, $"seeds {First}–{Last} ({Count} seeds)");
}

internal sealed class SeedRangeJsonConverter : JsonConverter<SeedRange>
{
    public override SeedRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SeedRange.Parse(reader.GetString() ?? throw new JsonException("a seed range must be a string such as \"seeds 1000–1019\""));

    public override void Write(Utf8JsonWriter writer, SeedRange value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
