namespace AlignLab.Methods.PrefEval.Conversations;

/// <summary>The five ways of asking: as is, with a reminder, with few-shot chain-of-thought examples, with a critique-and-revise loop, or with the most relevant history retrieved into the question.</summary>
public enum EvalMethod { ZeroShot, Reminder, Cot, SelfCritic, Rag }

public static class EvalMethods
{
    public static IReadOnlyList<EvalMethod> All { get; } = [EvalMethod.ZeroShot, EvalMethod.Reminder, EvalMethod.Cot, EvalMethod.SelfCritic, EvalMethod.Rag];

    public static EvalMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "zero-shot" => EvalMethod.ZeroShot,
        "reminder" or "remind" => EvalMethod.Reminder,
        "cot" => EvalMethod.Cot,
        "self-critic" or "selfcritic" => EvalMethod.SelfCritic,
        "rag" => EvalMethod.Rag,
        var other => throw new ArgumentException($"method '{other}' is not one of zero-shot, reminder, self-critic, cot, rag", "Method"),
    };

    public static string Name(EvalMethod method) => method switch
    {
        EvalMethod.ZeroShot => "zero-shot",
        EvalMethod.Reminder => "reminder",
        EvalMethod.Cot => "cot",
        EvalMethod.SelfCritic => "self-critic",
        _ => "rag",
    };
}
