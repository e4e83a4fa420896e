using AlignLab.Core;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>
/// The generated benchmark in PrefEval's shape: one item per (city, attribute of its typical dish, question wording),
/// in each of the three forms, with four options (the city's safe dish first, then three that contain the attribute),
/// and one fixed filler list shared by every item. Deterministic: no seed, so every run sees the same suite.
/// </summary>
public static class PrefLiteSuite
{
    public const string Topic = "preflite";
    public const string BuiltinName = "builtin:preflite";
    /// <summary>Enough filler pairs for every length the experiments use.</summary>
    public const int FillerPairs = 64;

    public static FillerTurns Filler() => new(PrefLiteFiller.Pairs(FillerPairs, new Generator(20250209)), BuiltinName + "/filler");

    public static IReadOnlyList<PrefEvalItem> Items(PreferenceForm form)
    {
        var items = new List<PrefEvalItem>();
        int index = 0;
        for (int q = 0; q < PrefLiteText.QuestionTemplates.Count; q++)
            foreach (var city in PrefLiteWorld.Cities)
                foreach (var attribute in city.Typical.Attributes)
                {
                    int variant = index % PrefLiteText.PreferenceTemplates.Count;
                    string preference = PrefLiteText.Preference(variant, attribute);
                    var conversation = form switch
                    {
                        PreferenceForm.Explicit => (IReadOnlyList<ChatMessage>)[],
                        PreferenceForm.ImplicitChoice => Choice(city, attribute),
                        _ => Persona(attribute, index),
                    };
                    items.Add(new PrefEvalItem(Topic, index++, form, preference, PrefLiteText.Question(q, city.Name), conversation, Options(city, attribute)));
                }
        return items;
    }

    /// <summary>The safe dish first (the released convention), then three dishes that contain the attribute.</summary>
    public static IReadOnlyList<string> Options(City city, string attribute)
    {
        var violating = PrefLiteWorld.Dishes.Where(d => d.Has(attribute) && d != city.Typical).Take(2).Prepend(city.Typical).ToList();
        while (violating.Count < 3) violating.Add(PrefLiteWorld.Dishes.First(d => d.Has(attribute) && !violating.Contains(d)));
        return [$"the {city.Safe.Name} in {city.Name}", .. violating.Select(d => $"the {d.Name} in {city.Name}")];
    }

    /// <summary>The user picks the one dish without the attribute from four and rejects the rest.</summary>
    private static IReadOnlyList<ChatMessage> Choice(City city, string attribute)
    {
        var bad = PrefLiteWorld.Dishes.Where(d => d.Has(attribute)).Take(3).Select(d => d.Name).ToList();
        string safe = city.Safe.Name;
        return
        [
            new("user", "i need a quick lunch. any ideas?"),
            new("assistant", $"options: 1. {bad[0]} 2. {bad[1]} 3. {safe} 4. {bad[2]}."),
            new("user", $"the {safe} sounds good. the others do not work for me."),
            new("assistant", $"got it, the {safe}."),
        ];
    }

    /// <summary>The attribute comes up in passing while the user asks about something else.</summary>
    private static IReadOnlyList<ChatMessage> Persona(string attribute, int index)
    {
        string[] topics = ["music for a party", "a gift for my sister", "books for a trip"];
        string[] answers = ["play some jazz.", "a nice scarf.", "a short novel."];
        int t = index % topics.Length;
        return
        [
            new("user", $"i am planning my week, and i avoid {attribute} these days. any ideas for {topics[t]}?"),
            new("assistant", answers[t]),
        ];
    }
}
