using System.Text;
using AlignLab.Core;
using AlignLab.Models.Data;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Corpora;

/// <summary>
/// Documents about a <see cref="World"/>: biographies, place descriptions, short stories and chat dialogues (rendered
/// with <see cref="ChatTemplate"/>, so a model pretrained on them knows the chat format), plus prompt/completion QA and
/// chat-message sets for SFT. Everything is drawn from the seed passed in: same seed, same text.
/// </summary>
public static class WorldCorpus
{
    /// <summary><paramref name="count"/> documents; about 3 in 10 are biographies, 3 stories, 1 a place, 3 dialogues.</summary>
    public static List<string> Documents(World world, int count, ulong seed)
    {
        var gen = new Generator(seed);
        var docs = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var person = world.People[gen.NextInt(0, world.People.Count)];
            int kind = gen.NextInt(0, 10);
            docs.Add(kind switch
            {
                < 3 => Biography(person, gen),
                < 6 => Story(world, person, gen),
                < 7 => Description(world, world.Place(person.Home)),
                _ => ChatTemplate.Render(Dialogue(person, gen)),
            });
        }
        return docs;
    }

    /// <summary>All facts of a person in random order; after the first, sentences start with the pronoun.</summary>
    public static string Biography(Person person, Generator gen)
    {
        var facts = World.FactsAbout(person).ToArray();
        Permutation.Shuffle<Fact>(facts, gen);
        var sb = new StringBuilder();
        for (int i = 0; i < facts.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(i == 0 ? facts[i].Sentence : person.Subject + facts[i].Sentence[person.Name.Length..]);
        }
        return sb.ToString();
    }

    public static string Description(World world, Place place)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(' ', World.FactsAbout(place).Select(f => f.Sentence));
        var residents = world.Residents(place);
        if (residents.Count > 0)
            sb.Append(' ').AppendJoin(", ", residents.Take(4).Select(p => p.Name)).Append(residents.Count == 1 ? " lives" : " live").Append($" in {place.Name}.");
        return sb.ToString();
    }

    public static string Story(World world, Person p, Generator gen)
    {
        var home = world.Place(p.Home);
        var friend = world.Person(p.Friend);
        string s = p.Subject, sl = p.Subject.ToLowerInvariant(), pos = p.Possessive.ToLowerInvariant(), item = $"{p.PossessionColor} {p.Possession}";
        return gen.NextInt(0, 3) switch
        {
            0 => $"One {home.Weather} morning, {p.Name} left {pos} home in {home.Name} and walked to {home.Neighbor}. " +
                 $"{s} carried {pos} {item}. There {sl} met {friend.Name}, and they went {p.Hobby} together. " +
                 $"In the evening {p.FirstName} came back to {home.Name}.",
            1 => $"{p.Name} the {p.Occupation} had {World.Article(p.Pet)} {p.Pet}. One day the {p.Pet} ran away from {home.Name}. " +
                 $"{p.FirstName} asked {friend.Name} for help, and together they found it near {home.Neighbor}. {s} was very happy.",
            _ => $"In {home.Name}, {p.Name} worked as {World.Article(p.Occupation)} {p.Occupation} every day. After work {sl} liked {p.Hobby}. " +
                 $"On {home.Weather} days {sl} stayed inside with {pos} {p.Pet} and {pos} {item}.",
        };
    }

    /// <summary>Two or three questions about one person, each answered with the fact's sentence.</summary>
    public static List<ChatMessage> Dialogue(Person person, Generator gen)
    {
        var facts = World.FactsAbout(person).ToArray();
        Permutation.Shuffle<Fact>(facts, gen);
        var messages = new List<ChatMessage>();
        int turns = gen.NextInt(2, 4);
        for (int i = 0; i < turns; i++)
        {
            messages.Add(new ChatMessage("user", facts[i].Question));
            messages.Add(new ChatMessage("assistant", facts[i].Sentence));
        }
        return messages;
    }

    /// <summary>One QA pair per fact of the world: "Question: …\nAnswer:" → " {sentence}".</summary>
    public static List<(string Prompt, string Completion)> QuestionAnswers(World world) =>
        world.Facts().Select(f => ($"Question: {f.Question}\nAnswer:", " " + f.Sentence)).ToList();

    /// <summary><paramref name="count"/> dialogues about random people, for SFT on chat messages.</summary>
    public static List<List<ChatMessage>> Conversations(World world, int count, ulong seed)
    {
        var gen = new Generator(seed);
        var result = new List<List<ChatMessage>>(count);
        for (int i = 0; i < count; i++) result.Add(Dialogue(world.People[gen.NextInt(0, world.People.Count)], gen));
        return result;
    }
}
