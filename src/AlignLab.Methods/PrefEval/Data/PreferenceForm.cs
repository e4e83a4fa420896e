namespace AlignLab.Methods.PrefEval.Data;

/// <summary>
/// How the preference reaches the model: stated outright (<see cref="Explicit"/>), revealed by picking the only
/// compliant one of four options (<see cref="ImplicitChoice"/>), or mentioned in passing inside a persona's
/// conversation about something else (<see cref="ImplicitPersona"/>).
/// </summary>
public enum PreferenceForm { Explicit, ImplicitChoice, ImplicitPersona }

public static class PreferenceForms
{
    public static PreferenceForm Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "explicit" => PreferenceForm.Explicit,
        "choice" or "implicit-choice" or "choice-based" => PreferenceForm.ImplicitChoice,
        "persona" or "implicit-persona" or "persona-driven" => PreferenceForm.ImplicitPersona,
        var other => throw new ArgumentException($"form '{other}' is not one of explicit, choice, persona", "Form"),
    };

    public static string Name(PreferenceForm form) => form switch
    {
        PreferenceForm.Explicit => "explicit",
        PreferenceForm.ImplicitChoice => "choice",
        _ => "persona",
    };
}
