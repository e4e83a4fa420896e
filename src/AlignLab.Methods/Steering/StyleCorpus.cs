using System.Text;
using AlignLab.Core;
using AlignLab.Models.Corpora;

namespace AlignLab.Methods.Steering;

/// <summary>One generated document with its known preferences: a topic (0 … K−1) and a sentiment (0 negative, 1 positive).</summary>
public sealed record StyledDocument(string Text, int Topic, int Sentiment, bool Mixed);

/// <summary>
/// A generated multi-topic, two-sentiment corpus whose people come from the built-in <see cref="World"/>. Each topic has
/// its own lexicon (nouns, verbs, adjectives); the sentiment words are shared by all topics; names and connectives are
/// generic. A fraction of documents mixes in sentences of a second topic (label: the first topic), so a probe is not
/// equally confident about every document. Everything is drawn from the seed passed in.
/// </summary>
public sealed class StyleCorpus : SteeringCorpus
{
    public static readonly string[] TopicNames = ["sea", "farm", "kitchen", "music", "sky"];
    public static readonly string[] SentimentNames = ["negative", "positive"];

    private static readonly string[][] Nouns =
    [
        ["boat", "harbour", "wave", "sail", "anchor", "tide", "shore", "fish", "net", "deck", "island", "gull"],
        ["barn", "field", "tractor", "cow", "sheep", "fence", "hay", "plough", "orchard", "goat", "wheat", "meadow"],
        ["oven", "soup", "bread", "pan", "spoon", "recipe", "onion", "butter", "stove", "pie", "kettle", "salt"],
        ["song", "guitar", "drum", "melody", "choir", "piano", "concert", "violin", "rhythm", "chord", "band", "tune"],
        ["star", "moon", "cloud", "comet", "planet", "sunrise", "telescope", "rain", "storm", "rainbow", "sky", "wind"],
    ];

    private static readonly string[][] Verbs =
    [
        ["sailed", "rowed", "anchored", "fished", "swam", "drifted"],
        ["ploughed", "harvested", "milked", "planted", "fed", "herded"],
        ["baked", "stirred", "cooked", "tasted", "boiled", "chopped"],
        ["played", "sang", "tuned", "drummed", "hummed", "strummed"],
        ["watched", "counted", "charted", "observed", "named", "followed"],
    ];

    private static readonly string[][] Adjectives =
    [
        ["salty", "wet", "blue", "deep"],
        ["muddy", "green", "wooden", "dusty"],
        ["hot", "spicy", "fresh", "sweet"],
        ["loud", "soft", "slow", "tuneful"],
        ["bright", "distant", "dark", "high"],
    ];

    private static readonly string[][] Sentiment =
    [
        ["awful", "terrible", "sad", "gloomy", "horrible", "dreadful", "miserable", "bleak"],
        ["wonderful", "lovely", "happy", "great", "delightful", "cheerful", "splendid", "joyful"],
    ];

    /// <summary>Sentence openings and links that carry no topic or sentiment.</summary>
    private static readonly string[] Openings = ["Then", "Later", "That day", "After that", "In the morning", "At noon"];

    private readonly IReadOnlyList<Person> _people;

    public StyleCorpus(World world, double mixedFraction = 0.2)
    {
        if (!(mixedFraction >= 0 && mixedFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(mixedFraction), $"mixed fraction must be in [0, 1], got {mixedFraction}");
        _people = world.People;
        MixedFraction = mixedFraction;
    }

    public double MixedFraction { get; }
    public override IReadOnlyList<string> Classes => TopicNames;
    public override IReadOnlyList<string> Styles => SentimentNames;
    public override string ContrastText(int cls) => SeedWord(cls);
    public override string StyleContrastText(int style) => SentimentWord(style);
    public override IReadOnlySet<string> ClassWords(int cls) => TopicWords(cls);

    /// <summary>Fresh documents either way (the part only names the use; the generator keeps them apart): each topic in turn, random sentiment.</summary>
    public override List<StyledDocument> Labelled(int perClass, CorpusPart part, Generator gen)
    {
        var docs = new List<StyledDocument>();
        for (int i = 0; i < perClass; i++)
            for (int k = 0; k < TopicCount; k++) docs.Add(Document(k, gen.NextInt(0, SentimentCount), gen));
        return docs;
    }
    public static int TopicCount => TopicNames.Length;
    public static int SentimentCount => SentimentNames.Length;

    /// <summary>Every topic or sentiment word, for the lexicon-share metric and for tests.</summary>
    public static IReadOnlySet<string> TopicWords(int topic) => Nouns[topic].Concat(Verbs[topic]).Concat(Adjectives[topic]).ToHashSet();

    /// <summary>The first noun of a topic's lexicon (ActAdd's prompt for that topic).</summary>
    public static string SeedWord(int topic) => Nouns[topic][0];

    /// <summary>The first word of a sentiment's list (ActAdd's prompt for that sentiment).</summary>
    public static string SentimentWord(int sentiment) => Sentiment[sentiment][0];

    /// <summary>A document of 3–5 sentences about <paramref name="topic"/> in <paramref name="sentiment"/>.</summary>
    public StyledDocument Document(int topic, int sentiment, Generator gen)
    {
        CheckLabels(topic, sentiment);
        bool mixed = gen.NextDouble() < MixedFraction;
        int other = mixed ? (topic + 1 + gen.NextInt(0, TopicCount - 1)) % TopicCount : topic;
        int sentences = gen.NextInt(3, 6);
        var sb = new StringBuilder();
        for (int i = 0; i < sentences; i++)
        {
            int t = i > 0 && mixed && gen.NextDouble() < 0.5 ? other : topic;
            if (i > 0) sb.Append(' ');
            sb.Append(Sentence(t, sentiment, first: i == 0, gen));
        }
        return new StyledDocument(sb.ToString(), topic, sentiment, mixed);
    }

    /// <summary><paramref name="count"/> documents with uniformly drawn topic and sentiment.</summary>
    public List<StyledDocument> Documents(int count, Generator gen)
    {
        var docs = new List<StyledDocument>(count);
        for (int i = 0; i < count; i++) docs.Add(Document(gen.NextInt(0, TopicCount), gen.NextInt(0, SentimentCount), gen));
        return docs;
    }

    /// <summary>
    /// A user history of <paramref name="count"/> documents: a fraction <paramref name="relevance"/> (ρ) has the target
    /// topic and sentiment, the rest is drawn uniformly from the other topics and either sentiment (the noise).
    /// </summary>
    public override List<StyledDocument> History(int topic, int sentiment, double relevance, int count, Generator gen)
    {
        CheckLabels(topic, sentiment);
        if (!(relevance >= 0 && relevance <= 1)) throw new ArgumentOutOfRangeException(nameof(relevance), $"history relevance must be in [0, 1], got {relevance}");
        int relevant = (int)Math.Round(relevance * count);
        var docs = new List<StyledDocument>(count);
        for (int i = 0; i < count; i++)
            docs.Add(i < relevant
                ? Document(topic, sentiment, gen)
                : Document((topic + 1 + gen.NextInt(0, TopicCount - 1)) % TopicCount, gen.NextInt(0, SentimentCount), gen));
        var order = Enumerable.Range(0, count).ToArray();
        gen.Shuffle(order);
        return order.Select(i => docs[i]).ToList();
    }

    /// <summary>Openings with no topic or sentiment word: a name, or a name and a connective.</summary>
    public override List<string> NeutralPrompts(int count, Generator gen)
    {
        var prompts = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var p = _people[gen.NextInt(0, _people.Count)];
            prompts.Add(gen.NextInt(0, 3) switch
            {
                0 => p.Name,
                1 => $"{Pick(Openings, gen)} {p.FirstName}",
                _ => $"{p.Name} said that the",
            });
        }
        return prompts;
    }

    private string Sentence(int topic, int sentiment, bool first, Generator gen)
    {
        var p = _people[gen.NextInt(0, _people.Count)];
        string name = first ? p.Name : p.FirstName;
        string n1 = Pick(Nouns[topic], gen), n2 = Pick(Nouns[topic], gen), v = Pick(Verbs[topic], gen), a = Pick(Adjectives[topic], gen);
        string s = Pick(Sentiment[sentiment], gen);
        return gen.NextInt(0, first ? 2 : 5) switch
        {
            0 => $"{name} {v} the {a} {n1}.",
            1 => $"{name} said the {n1} was {s}.",
            2 => $"{Pick(Openings, gen)} the {n1} near the {n2} felt {s}.",
            3 => $"It was a {s} day for the {a} {n1}.",
            _ => $"{Pick(Openings, gen)} {name} {v} the {n1} with a {n2}.",
        };
    }

    private static string Pick(string[] words, Generator gen) => words[gen.NextInt(0, words.Length)];

    private static void CheckLabels(int topic, int sentiment)
    {
        if ((uint)topic >= (uint)TopicCount) throw new ArgumentOutOfRangeException(nameof(topic), $"topic must be in 0 … {TopicCount - 1}, got {topic}");
        if ((uint)sentiment >= (uint)SentimentCount) throw new ArgumentOutOfRangeException(nameof(sentiment), $"sentiment must be in 0 … {SentimentCount - 1}, got {sentiment}");
    }
}
