namespace AlignLab.Methods.RewardsFromDemos.Tasks;

/// <summary>The synthetic prompt → answer tasks, each with an exact judge.</summary>
public enum AlignTask
{
    /// <summary><c>37+48=</c> → <c>85</c>: two numbers below 100.</summary>
    Arithmetic,
    /// <summary><c>rev:abcde&gt;</c> → <c>edcba</c>: 3 to 6 letters a–h.</summary>
    Reverse,
    /// <summary><c>sort:dbca&gt;</c> → <c>abcd</c>: 3 to 6 letters a–h.</summary>
    Sort,
}

public static class AlignTasks
{
    public static string Name(AlignTask task) => task switch
    {
        AlignTask.Arithmetic => "arithmetic",
        AlignTask.Reverse => "reverse",
        _ => "sort",
    };

    /// <summary>Parses a task name; the exception names <paramref name="field"/>.</summary>
    public static AlignTask Parse(string name, string field = "Task") => name.Trim().ToLowerInvariant() switch
    {
        "arithmetic" => AlignTask.Arithmetic,
        "reverse" => AlignTask.Reverse,
        "sort" => AlignTask.Sort,
        var other => throw new ArgumentException($"{field} must be arithmetic, reverse or sort, got '{other}'", field),
    };
}
