namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>The sentences of PrefLite: how users state preferences and ask, and how the correct policy answers.</summary>
public static class PrefLiteText
{
    public static IReadOnlyList<string> PreferenceTemplates { get; } =
        ["i avoid {a} in my food.", "please note that i never eat food with {a}.", "no {a} in my food, please. i avoid it."];

    public static IReadOnlyList<string> QuestionTemplates { get; } =
        ["recommend some food in {c}.", "what food should i try in {c}?", "i am visiting {c} soon. any food tips?"];

    public static string Preference(int template, string attribute) => PreferenceTemplates[template].Replace("{a}", attribute);
    public static string Question(int template, string city) => QuestionTemplates[template].Replace("{c}", city);

    /// <summary>The assistant's acknowledgement of an explicit preference (what the trained model learns to say).</summary>
    public static string Acknowledgement(string attribute) => $"noted, you avoid {attribute}.";

    /// <summary>The correct answer when the preference is known.</summary>
    public static string Compliant(City city, string attribute) => $"since you avoid {attribute}, try the {city.Safe.Name} in {city.Name}.";

    /// <summary>The answer with no preference in view: the city's typical dish.</summary>
    public static string Generic(City city) => $"try the {city.Typical.Name} in {city.Name}.";
}
