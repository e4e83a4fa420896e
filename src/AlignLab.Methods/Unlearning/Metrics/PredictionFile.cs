using System.Text.Json;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Models.Data;

namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>
/// A system's outputs to score: JSONL lines <c>{"id", "prediction", "reference"}</c>, optionally with
/// <c>"split"</c> (forget or retain; default forget) and <c>"task"</c> (default Task1). The kind comes from the id as
/// in LUME (<c>…sc&lt;k&gt;</c> or <c>…qa&lt;k&gt;</c>). Optional MIA lines elsewhere: <c>{"id", "member", "nll"}</c>.
/// </summary>
public static class PredictionFile
{
    public static IReadOnlyList<ScoredRow> Read(string path)
    {
        var rows = new List<ScoredRow>();
        foreach (var (where, record) in JsonlFile.Read(path))
        {
            string id = JsonlFile.String(record, "id", where);
            var kind = LumeRow.KindOf(id) ?? throw new InvalidDataException($"{where}: id '{id}' must end in sc<k> or qa<k> (k one digit)");
            string split = record.TryGetProperty("split", out _) ? JsonlFile.String(record, "split", where) : "forget";
            var s = split switch
            {
                "forget" => LumeSplit.Forget,
                "retain" => LumeSplit.Retain,
                _ => throw new InvalidDataException($"{where}: field \"split\" must be forget or retain, got '{split}'"),
            };
            string task = record.TryGetProperty("task", out _) ? JsonlFile.String(record, "task", where) : "Task1";
            rows.Add(new ScoredRow(s, task, kind, JsonlFile.String(record, "reference", where), JsonlFile.String(record, "prediction", where)));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no predictions");
        return rows;
    }

    /// <summary>Loss-attack AUC from <c>{"id", "member": bool, "nll": number}</c> lines.</summary>
    public static double ReadMiaAuc(string path)
    {
        var members = new List<double>();
        var others = new List<double>();
        foreach (var (where, record) in JsonlFile.Read(path))
        {
            if (!record.TryGetProperty("member", out var m) || m.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new InvalidDataException($"{where}: field \"member\" must be true or false");
            if (!record.TryGetProperty("nll", out var n) || n.ValueKind != JsonValueKind.Number)
                throw new InvalidDataException($"{where}: field \"nll\" must be a number");
            (m.GetBoolean() ? members : others).Add(n.GetDouble());
        }
        if (members.Count == 0 || others.Count == 0) throw new InvalidDataException($"{path}: needs both members and non-members");
        return MembershipInference.LossAuc(members, others);
    }
}
