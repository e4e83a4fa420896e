using System.Text.Encodings.Web;
using System.Text.Json;
using AlignLab.Core.IO;
using AlignLab.Models.Data;

namespace AlignLab.Methods.Unlearning.Data;

/// <summary>
/// Reads and writes the LUME layout: <c>forget.jsonl</c>, <c>retain.jsonl</c>, <c>mia_data/member.jsonl</c>,
/// <c>mia_data/nonmember.jsonl</c>, plus two files of ours: <c>utility.jsonl</c> (<c>{"id", "question", "options",
/// "answer"}</c>) and <c>background.jsonl</c> (<c>{"text"}</c>). The official release has only the first two; the MIA
/// files sit in the gated dataset. A missing optional file reads as empty. Every bad line stops with
/// <c>file:line: reason</c>.
/// </summary>
public static class LumeFiles
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static LumeData Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: LUME data folder not found");
        string P(params string[] parts) => Path.Combine([directory, .. parts]);
        var forget = ReadRows(P("forget.jsonl"));
        var retain = ReadRows(P("retain.jsonl"));
        var members = File.Exists(P("mia_data", "member.jsonl")) ? ReadDocuments(P("mia_data", "member.jsonl")) : [];
        var nonMembers = File.Exists(P("mia_data", "nonmember.jsonl")) ? ReadDocuments(P("mia_data", "nonmember.jsonl")) : [];
        var utility = File.Exists(P("utility.jsonl")) ? ReadUtility(P("utility.jsonl")) : [];
        var background = File.Exists(P("background.jsonl"))
            ? JsonlFile.Read(P("background.jsonl")).Select(x => JsonlFile.String(x.Record, "text", x.Where)).ToArray() : [];
        var seen = new HashSet<string>(forget.Select(r => r.DocumentId));
        foreach (var r in retain)
            if (seen.Contains(r.DocumentId)) throw new InvalidDataException($"{P("retain.jsonl")}: document '{r.DocumentId}' is also in forget.jsonl");
        return new LumeData(forget, retain, members, nonMembers, utility, background);
    }

    public static IReadOnlyList<LumeRow> ReadRows(string path)
    {
        var rows = new List<LumeRow>();
        var ids = new HashSet<string>();
        foreach (var (where, record) in JsonlFile.Read(path))
        {
            var row = new LumeRow(JsonlFile.String(record, "id", where), JsonlFile.String(record, "input", where),
                JsonlFile.String(record, "output", where), JsonlFile.String(record, "task", where));
            if (LumeRow.KindOf(row.Id) is null) throw new InvalidDataException($"{where}: id '{row.Id}' must end in sc<k> or qa<k> (k one digit)");
            if (!ids.Add(row.Id)) throw new InvalidDataException($"{where}: id '{row.Id}' appears twice");
            rows.Add(row);
        }
        return rows;
    }

    public static IReadOnlyList<MiaDocument> ReadDocuments(string path) =>
        JsonlFile.Read(path).Select(x => new MiaDocument(JsonlFile.String(x.Record, "id", x.Where), JsonlFile.String(x.Record, "document", x.Where))).ToArray();

    public static IReadOnlyList<UtilityQuestion> ReadUtility(string path)
    {
        var questions = new List<UtilityQuestion>();
        foreach (var (where, record) in JsonlFile.Read(path))
        {
            var options = JsonlFile.Array(record, "options", where).EnumerateArray()
                .Select(o => o.ValueKind == JsonValueKind.String ? o.GetString()! : throw new InvalidDataException($"{where}: field \"options\" must hold strings")).ToArray();
            if (options.Length < 2) throw new InvalidDataException($"{where}: field \"options\" needs at least two options, got {options.Length}");
            if (!record.TryGetProperty("answer", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt32(out int answer))
                throw new InvalidDataException($"{where}: field \"answer\" must be an integer option index");
            if (answer < 0 || answer >= options.Length) throw new InvalidDataException($"{where}: field \"answer\" {answer} is not an index into {options.Length} options");
            questions.Add(new UtilityQuestion(JsonlFile.String(record, "id", where), JsonlFile.String(record, "question", where), options, answer));
        }
        return questions;
    }

    public static void Save(LumeData data, string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "mia_data"));
        Write(Path.Combine(directory, "forget.jsonl"), data.Forget.Select(r => new { id = r.Id, input = r.Input, output = r.Output, task = r.Task }));
        Write(Path.Combine(directory, "retain.jsonl"), data.Retain.Select(r => new { id = r.Id, input = r.Input, output = r.Output, task = r.Task }));
        Write(Path.Combine(directory, "mia_data", "member.jsonl"), data.Members.Select(d => new { id = d.Id, document = d.Document }));
        Write(Path.Combine(directory, "mia_data", "nonmember.jsonl"), data.NonMembers.Select(d => new { id = d.Id, document = d.Document }));
        Write(Path.Combine(directory, "utility.jsonl"), data.Utility.Select(q => new { id = q.Id, question = q.Question, options = q.Options, answer = q.Answer }));
        Write(Path.Combine(directory, "background.jsonl"), data.Background.Select(t => new { text = t }));
    }

    /// <summary>One object per line, "\n"-separated, no trailing newline (as LUME's forget.jsonl ships).</summary>
    private static void Write<T>(string path, IEnumerable<T> records) =>
        AtomicFile.WriteAllText(path, string.Join("\n", records.Select(r => JsonSerializer.Serialize(r, Json))));
}
