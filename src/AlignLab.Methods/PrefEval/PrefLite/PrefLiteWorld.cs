namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>A dish and what is in it; a dish with no attributes suits every preference.</summary>
public sealed record Dish(string Name, IReadOnlyList<string> Attributes)
{
    public bool Has(string attribute) => Attributes.Contains(attribute);
}

/// <summary>A city, its typical dish (the generic answer, and the trap: it contains something) and a dish there that contains nothing.</summary>
public sealed record City(string Name, Dish Typical, Dish Safe);

/// <summary>
/// PrefLite's world: six things a user may avoid, dishes that contain them, cities whose typical dish contains at
/// least one. Asked for food in Rome without a preference, the answer is pasta; with "I avoid gluten" it must not be.
/// All text is lowercase and short, so a small model trained here can read it.
/// </summary>
public static class PrefLiteWorld
{
    public static IReadOnlyList<string> Attributes { get; } = ["gluten", "meat", "dairy", "fish", "spice", "sugar"];

    private static Dish D(string name, params string[] attributes) => new(name, attributes);

    public static IReadOnlyList<Dish> Dishes { get; } =
    [
        D("pasta", "gluten"), D("pizza", "gluten", "dairy"), D("steak", "meat"), D("sushi", "fish"), D("paella", "fish"),
        D("curry", "spice"), D("tacos", "meat", "spice"), D("burger", "meat", "gluten"), D("gelato", "dairy", "sugar"),
        D("dumplings", "gluten", "meat"), D("ramen", "gluten", "meat"), D("kimchi stew", "spice"), D("fried fish", "fish", "gluten"),
        D("baklava", "sugar", "gluten"), D("cheese fondue", "dairy"), D("churros", "sugar", "gluten"),
        D("salad"), D("veggie soup"), D("rice bowl"), D("fruit plate"), D("grilled tofu"),
    ];

    public static Dish Dish(string name) => Dishes.First(d => d.Name == name);

    public static IReadOnlyList<Dish> SafeDishes { get; } = Dishes.Where(d => d.Attributes.Count == 0).ToList();

    public static IReadOnlyList<City> Cities { get; } =
    [
        C("rome", "pasta", "salad"), C("naples", "pizza", "veggie soup"), C("dallas", "steak", "rice bowl"), C("tokyo", "sushi", "fruit plate"),
        C("valencia", "paella", "grilled tofu"), C("delhi", "curry", "salad"), C("mexico", "tacos", "veggie soup"), C("berlin", "burger", "rice bowl"),
        C("florence", "gelato", "fruit plate"), C("shanghai", "dumplings", "grilled tofu"), C("osaka", "ramen", "salad"), C("seoul", "kimchi stew", "veggie soup"),
        C("london", "fried fish", "rice bowl"), C("istanbul", "baklava", "fruit plate"), C("zurich", "cheese fondue", "grilled tofu"), C("madrid", "churros", "salad"),
    ];

    private static City C(string name, string typical, string safe) => new(name, Dish(typical), Dish(safe));

    /// <summary>The attribute a preference text names (the first of <see cref="Attributes"/> found as a word), or null.</summary>
    public static string? AttributeIn(string text)
    {
        var words = Conversations.LexicalRetriever.Tokens(text);
        return Attributes.FirstOrDefault(words.Contains);
    }

    /// <summary>The dishes a text names, longest names first so "fried fish" is not also read as something else.</summary>
    public static IReadOnlyList<Dish> DishesIn(string text)
    {
        string rest = " " + string.Join(' ', Conversations.LexicalRetriever.Tokens(text)) + " ";
        var found = new List<Dish>();
        foreach (var d in Dishes.OrderByDescending(d => d.Name.Length))
        {
            string key = " " + d.Name + " ";
            if (!rest.Contains(key, StringComparison.Ordinal)) continue;
            found.Add(d);
            rest = rest.Replace(key, " ", StringComparison.Ordinal);
        }
        return found;
    }
}
