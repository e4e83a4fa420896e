using System.Text.RegularExpressions;
using AlignLab.Core;
using AlignLab.Models.Corpora;

namespace AlignLab.Models.Tests.Corpora;

public class WorldCorpusTests
{
    private static readonly WorldOptions Options = new() { People = 20, Places = 5, WordsPerList = 6, Seed = 3 };

    [Fact]
    public void TheSameSeedGivesTheSameTextAndAnotherSeedOtherText()
    {
        var world = new World(Options);
        Assert.Equal(WorldCorpus.Documents(world, 50, 1), WorldCorpus.Documents(new World(Options), 50, 1));
        Assert.NotEqual(WorldCorpus.Documents(world, 50, 1), WorldCorpus.Documents(world, 50, 2));
        var other = new World(Options with { Seed = 4 });
        Assert.NotEqual(world.People.Select(p => p.Name), other.People.Select(p => p.Name));
    }

    [Fact]
    public void FactsAreQueryableAndStatedInTheCorpus()
    {
        var world = new World(Options);
        var p = world.People[3];
        Assert.Same(p, world.Person(p.Name));
        var facts = World.FactsAbout(p).ToDictionary(f => f.Relation);
        Assert.Equal(p.Home, facts["lives_in"].Answer);
        Assert.Equal($"{p.Name} lives in {p.Home}.", facts["lives_in"].Sentence);
        Assert.Equal($"Where does {p.Name} live?", facts["lives_in"].Question);
        Assert.Contains(p, world.Residents(world.Place(p.Home)));
        Assert.NotEqual(p.Name, p.Friend);
        Assert.Equal(world.People.Count * 7 + world.Places.Count * 3, world.Facts().Count);

        // A biography states every fact: the first with the name, the others with the pronoun.
        var bio = WorldCorpus.Biography(p, new Generator(1));
        foreach (var f in facts.Values)
            Assert.True(bio.Contains(f.Sentence) || bio.Contains(p.Subject + f.Sentence[p.Name.Length..]), $"'{f.Sentence}' not in '{bio}'");
        Assert.Throws<KeyNotFoundException>(() => world.Person("Nobody Here"));
    }

    [Fact]
    public void WordsPerListControlsTheVocabulary()
    {
        static int DistinctWords(int wordsPerList)
        {
            var world = new World(Options with { WordsPerList = wordsPerList });
            return WorldCorpus.Documents(world, 400, 1).SelectMany(d => Regex.Matches(d, "[A-Za-z]+").Select(m => m.Value)).Distinct().Count();
        }
        int small = DistinctWords(2), large = DistinctWords(12);
        Assert.True(large > small + 30, $"{small} vs {large} distinct words");
    }

    [Fact]
    public void SftSetsCoverTheFacts()
    {
        var world = new World(Options);
        var qa = WorldCorpus.QuestionAnswers(world);
        Assert.Equal(world.Facts().Count, qa.Count);
        Assert.Equal($"Question: {world.Facts()[0].Question}\nAnswer:", qa[0].Prompt);
        var chats = WorldCorpus.Conversations(world, 10, 1);
        Assert.All(chats, c => Assert.Equal(["user", "assistant"], c.Select(m => m.Role).Distinct()));
    }
}
