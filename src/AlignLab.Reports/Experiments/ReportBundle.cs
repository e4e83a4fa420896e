using System.IO.Compression;
using System.Text.Json;

namespace AlignLab.Reports.Experiments;

/// <summary>What rank 0 needs to know of an experiment another rank ran (its report folder travels beside it).</summary>
internal sealed record SharedOutcome(string Id, ExperimentStatus Status, double Seconds, string? Error, int ClaimsHeld, int ClaimsChecked);

/// <summary>
/// A rank's share of a run as one payload: the outcomes, and the files of every report it wrote, byte for byte, so the
/// report rank 0 writes is exactly the one the other rank wrote (no re-rendering). A zip archive, because it is a
/// well-known container that the framework reads and writes.
/// </summary>
internal static class ReportBundle
{
    private const string OutcomesEntry = "outcomes.json";

    public static byte[] Pack(string reportsRoot, IReadOnlyList<ExperimentOutcome> outcomes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var shared = new List<SharedOutcome>(outcomes.Count);
            foreach (var o in outcomes)
            {
                shared.Add(new SharedOutcome(o.Experiment.Id, o.Status, o.Seconds, o.Error, o.ClaimsHeld, o.ClaimsChecked));
                if (o.Status != ExperimentStatus.Succeeded) continue;
                string folder = Path.Combine(reportsRoot, o.Experiment.Id.Replace('/', Path.DirectorySeparatorChar));
                foreach (string file in Directory.GetFiles(folder))
                    zip.CreateEntryFromFile(file, o.Experiment.Id + "/" + Path.GetFileName(file), CompressionLevel.Fastest);
            }
            using var entry = zip.CreateEntry(OutcomesEntry).Open();
            JsonSerializer.Serialize(entry, shared);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes the payload's reports under <paramref name="reportsRoot"/> (each swapped in whole) and returns its outcomes.</summary>
    public static List<SharedOutcome> Unpack(byte[] payload, string reportsRoot, int rank)
    {
        ZipArchive zip;
        List<SharedOutcome> outcomes;
        try
        {
            zip = new ZipArchive(new MemoryStream(payload), ZipArchiveMode.Read);
            outcomes = zip.GetEntry(OutcomesEntry) is { } entry ? Read(entry) : throw new InvalidDataException($"no {OutcomesEntry}");
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw new InvalidDataException($"rank {rank}'s reports arrived corrupt ({e.Message})", e);
        }
        using var _ = zip;
        foreach (var o in outcomes)
        {
            if (o.Status != ExperimentStatus.Succeeded) continue;
            ReportWriter.ValidateId(o.Id);
            string prefix = o.Id + "/";
            ReportWriter.WriteFolder(reportsRoot, o.Id, staging =>
            {
                foreach (var file in zip.Entries)
                {
                    if (!file.FullName.StartsWith(prefix, StringComparison.Ordinal) || file.FullName.IndexOf('/', prefix.Length) >= 0) continue;
                    string name = file.FullName[prefix.Length..];
                    ReportWriter.ValidateName(name, $"report '{o.Id}' file");
                    file.ExtractToFile(Path.Combine(staging, name));
                }
            });
        }
        return outcomes;
    }

    private static List<SharedOutcome> Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<List<SharedOutcome>>(stream) ?? throw new InvalidDataException($"an empty {OutcomesEntry}");
    }
}
