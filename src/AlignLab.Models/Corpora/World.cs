using AlignLab.Core;

namespace AlignLab.Models.Corpora;

/// <summary>
/// A small seeded world of people and places with attributes, the facts the corpus states about them, and lookups
/// for building forget/retain sets and QA. The same <see cref="WorldOptions"/> always give the same world.
/// </summary>
public sealed class World
{
    private static readonly string[] PlaceKinds = ["village", "town", "city"];
    private readonly Dictionary<string, Person> _people;
    private readonly Dictionary<string, Place> _places;

    public WorldOptions Options { get; }
    public IReadOnlyList<Person> People { get; }
    public IReadOnlyList<Place> Places { get; }

    public World(WorldOptions options)
    {
        options.Validate();
        Options = options;
        var gen = new Generator(options.Seed);
        var names = new UniqueNames(gen);
        var places = new List<Place>();
        for (int i = 0; i < options.Places; i++)
            places.Add(new Place(names.Next(2, 3), Pick(gen, PlaceKinds, 3), Pick(gen, WordLists.Features), "", Pick(gen, WordLists.Weathers)));
        for (int i = 0; i < places.Count; i++)
            places[i] = places[i] with { Neighbor = places[Other(gen, i, places.Count)].Name };

        var people = new List<Person>();
        for (int i = 0; i < options.People; i++)
        {
            string first = names.Next(2, 2), last = names.Next(2, 3);
            people.Add(new Person(first, last, gen.NextDouble() < 0.5, gen.NextInt(18, 81), places[gen.NextInt(0, places.Count)].Name,
                Pick(gen, WordLists.Occupations), Pick(gen, WordLists.Hobbies), Pick(gen, WordLists.Pets),
                Pick(gen, WordLists.Colors), Pick(gen, WordLists.Items), ""));
        }
        for (int i = 0; i < people.Count; i++)
            people[i] = people[i] with { Friend = people[Other(gen, i, people.Count)].Name };

        People = people;
        Places = places;
        _people = people.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _places = places.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public Person Person(string name) => _people.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"the world has no person named '{name}'");
    public Place Place(string name) => _places.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"the world has no place named '{name}'");

    /// <summary>The people whose home is <paramref name="place"/>, in world order.</summary>
    public IReadOnlyList<Person> Residents(Place place) => People.Where(p => p.Home == place.Name).ToList();

    /// <summary>Every fact about a person; each sentence starts with the person's full name.</summary>
    public static IReadOnlyList<Fact> FactsAbout(Person p) =>
    [
        new(p.Name, "lives_in", p.Home, $"{p.Name} lives in {p.Home}.", $"Where does {p.Name} live?"),
        new(p.Name, "occupation", p.Occupation, $"{p.Name} works as {Article(p.Occupation)} {p.Occupation}.", $"What does {p.Name} do for a living?"),
        new(p.Name, "age", p.Age.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{p.Name} is {p.Age} years old.", $"How old is {p.Name}?"),
        new(p.Name, "hobby", p.Hobby, $"{p.Name} likes {p.Hobby}.", $"What does {p.Name} like to do?"),
        new(p.Name, "pet", p.Pet, $"{p.Name} has {Article(p.Pet)} {p.Pet}.", $"What pet does {p.Name} have?"),
        new(p.Name, "owns", $"{Article(p.PossessionColor)} {p.PossessionColor} {p.Possession}",
            $"{p.Name} owns {Article(p.PossessionColor)} {p.PossessionColor} {p.Possession}.", $"What does {p.Name} own?"),
        new(p.Name, "friend", p.Friend, $"{p.Name} is a friend of {p.Friend}.", $"Who is a friend of {p.Name}?"),
    ];

    /// <summary>Every fact about a place; each sentence starts with the place's name.</summary>
    public static IReadOnlyList<Fact> FactsAbout(Place p) =>
    [
        new(p.Name, "kind", p.Kind, $"{p.Name} is {Article(p.Kind)} {p.Kind} {p.Feature}.", $"What kind of place is {p.Name}?"),
        new(p.Name, "neighbor", p.Neighbor, $"{p.Name} lies near {p.Neighbor}.", $"Which place lies near {p.Name}?"),
        new(p.Name, "weather", p.Weather, $"The weather in {p.Name} is often {p.Weather}.", $"What is the weather like in {p.Name}?"),
    ];

    /// <summary>All facts of the world: people first, then places, each in world order.</summary>
    public IReadOnlyList<Fact> Facts() => [.. People.SelectMany(FactsAbout), .. Places.SelectMany(FactsAbout)];

    internal static string Article(string word) => "aeiou".Contains(word[0]) ? "an" : "a";

    /// <summary>An entry among the first <see cref="WorldOptions.WordsPerList"/> of <paramref name="list"/>.</summary>
    private string Pick(Generator gen, string[] list) => Pick(gen, list, Options.WordsPerList);

    private static string Pick(Generator gen, string[] list, int used) => list[gen.NextInt(0, Math.Min(used, list.Length))];

    private static int Other(Generator gen, int self, int count)
    {
        int j = gen.NextInt(0, count - 1);
        return j >= self ? j + 1 : j;
    }

    /// <summary>Capitalised names of random syllables, never repeating one already given (people and places share the pool).</summary>
    private sealed class UniqueNames(Generator gen)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public string Next(int minSyllables, int maxSyllables)
        {
            for (int attempt = 0; attempt < 100_000; attempt++)
            {
                int n = gen.NextInt(minSyllables, maxSyllables + 1);
                var s = string.Concat(Enumerable.Range(0, n).Select(_ => WordLists.Syllables[gen.NextInt(0, WordLists.Syllables.Length)]));
                var name = char.ToUpperInvariant(s[0]) + s[1..];
                if (name.Length >= 3 && _used.Add(name)) return name;
            }
            throw new ArgumentException($"the syllable pool ran out of distinct names after {_used.Count}; use fewer people and places");
        }
    }
}
