using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.Data;

/// <summary>
/// One preference/question pair. <see cref="PreferenceConversation"/> holds the turns that carry an implicit
/// preference (empty for the explicit form, whose second turn is the model's own reply, generated at run time).
/// <see cref="McqOptions"/> are the four answers of the classification task, the compliant one first (as released).
/// <see cref="Preference"/> is always the explicit statement: the judge's ground truth, also for implicit forms.
/// </summary>
public sealed record PrefEvalItem(
    string Topic,
    int Index,
    PreferenceForm Form,
    string Preference,
    string Question,
    IReadOnlyList<ChatMessage> PreferenceConversation,
    IReadOnlyList<string>? McqOptions = null)
{
    /// <summary>"travel_restaurant#3": how results and errors name the item.</summary>
    public string Id => $"{Topic}#{Index}";
}
