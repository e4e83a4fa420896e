namespace AlignLab.Methods.PrefEval.Conversations;

/// <summary>Open-ended answers judged for preference following, or a choice among four options, one compliant.</summary>
public enum PrefEvalTask { Generation, Classification }

public static class PrefEvalTasks
{
    public static PrefEvalTask Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "generation" => PrefEvalTask.Generation,
        "classification" or "mcq" => PrefEvalTask.Classification,
        var other => throw new ArgumentException($"task '{other}' is not one of generation, classification", "Task"),
    };

    public static string Name(PrefEvalTask task) => task == PrefEvalTask.Generation ? "generation" : "classification";
}
