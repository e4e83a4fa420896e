using System.Text.Json;

namespace AlignLab.Methods.Tests.PrefEval;

/// <summary>A small folder in the released PrefEval layout, written by the tests (no released data is used).</summary>
internal sealed class PrefEvalFiles : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "alignlab-prefeval-" + Guid.NewGuid().ToString("N"));
    public string Bench => Path.Combine(Root, "benchmark_dataset");

    public PrefEvalFiles(int items = 3)
    {
        Directory.CreateDirectory(Path.Combine(Bench, "explicit_preference"));
        Directory.CreateDirectory(Path.Combine(Bench, "mcq_options"));
        Directory.CreateDirectory(Path.Combine(Bench, "implicit_preference", "choice-based"));
        Directory.CreateDirectory(Path.Combine(Bench, "implicit_preference", "persona-driven"));
        Directory.CreateDirectory(Path.Combine(Root, "error_type"));
        var explicitItems = Enumerable.Range(0, items).Select(i => new { preference = $"I avoid gluten {i}.", question = $"Where should I eat in Rome {i}?", explanation = "pasta" }).ToArray();
        Write("explicit_preference/t.json", explicitItems);
        Write("mcq_options/t.json", Enumerable.Range(0, items).Select(i => new { preference = "p", question = "q", classification_task_options = new[] { $"good {i}", "bad a", "bad b", "bad c" } }).ToArray());
        Write("implicit_preference/choice-based/t.json", Enumerable.Range(0, items).Select(i => new
        {
            preference = "I avoid gluten.", question = "Lunch?",
            conversation = new Dictionary<string, string> { ["query"] = "lunch ideas?", ["assistant_options"] = "1. salad 2. pasta", ["user_selection"] = "salad please", ["assistant_acknowledgment"] = "got it" },
        }).ToArray());
        Write("implicit_preference/persona-driven/t.json", Enumerable.Range(0, items).Select(i => new
        {
            preference = "I avoid gluten.", question = "Lunch?",
            conversation = new Dictionary<string, object> { ["0"] = new { user = "hi, no gluten for me", assistant = "hello" }, ["1"] = new { user = "books?", assistant = "read more" } },
        }).ToArray());
        Write("filtered_inter_turns.json", new[]
        {
            new { conversation = new[] { new { role = "user", content = "what is 2+2?" }, new { role = "assistant", content = "4" }, new { role = "user", content = "and 3+3?" }, new { role = "assistant", content = "6" } } },
            new { conversation = new[] { new { role = "user", content = "capital of peru?" }, new { role = "assistant", content = "lima" } } },
        });
        File.WriteAllText(Path.Combine(Root, "error_type", "check_acknowledge.txt"), "ACK q={question} r={end_generation}");
        File.WriteAllText(Path.Combine(Root, "error_type", "check_violation.txt"), "VIOL p={preference} q={question} r={end_generation}");
        File.WriteAllText(Path.Combine(Root, "error_type", "check_hallucination.txt"), "HALL p={preference} s={assistant_restatement}");
        File.WriteAllText(Path.Combine(Root, "error_type", "check_helpful.txt"), "HELP q={question} r={end_generation}");
    }

    public void Write(string relative, object value) => File.WriteAllText(Path.Combine(Bench, relative), JsonSerializer.Serialize(value));
    public void WriteRaw(string relative, string text) => File.WriteAllText(Path.Combine(Bench, relative), text);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
