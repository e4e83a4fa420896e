namespace AlignLab.Methods.PrefEval.Judging;

/// <summary>
/// The four judge prompts, read at run time from a folder laid out as the released <c>error_type/</c>:
/// check_acknowledge.txt ({question}, {end_generation}), check_violation.txt and check_helpful.txt ({preference},
/// {question}, {end_generation}), check_hallucination.txt ({preference}, {assistant_restatement}). AlignLab ships no
/// templates (the released ones are CC BY-NC).
/// </summary>
public sealed record JudgeTemplates(string Acknowledge, string Violate, string Hallucinate, string Helpful)
{
    public static JudgeTemplates Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"judge template folder '{directory}' does not exist (it holds check_acknowledge.txt, check_violation.txt, check_hallucination.txt, check_helpful.txt)");
        return new JudgeTemplates(
            Read(directory, "check_acknowledge.txt", "{question}", "{end_generation}"),
            Read(directory, "check_violation.txt", "{preference}", "{question}", "{end_generation}"),
            Read(directory, "check_hallucination.txt", "{preference}", "{assistant_restatement}"),
            Read(directory, "check_helpful.txt", "{question}", "{end_generation}"));
    }

    private static string Read(string directory, string name, params string[] placeholders)
    {
        string file = Path.Combine(directory, name);
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: judge template not found", file);
        string text = File.ReadAllText(file);
        foreach (var p in placeholders)
            if (!text.Contains(p, StringComparison.Ordinal)) throw new InvalidDataException($"{file}: the template lacks the placeholder {p}");
        return text;
    }
}
