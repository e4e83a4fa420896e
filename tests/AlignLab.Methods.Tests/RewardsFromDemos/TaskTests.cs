using AlignLab.Core;
using AlignLab.Methods.RewardsFromDemos;
using AlignLab.Methods.RewardsFromDemos.Tasks;

namespace AlignLab.Methods.Tests.RewardsFromDemos;

public class TaskTests
{
    private static int[] Completion(string text, bool stop = true) => stop ? [.. TaskVocabulary.Encode(text), TaskVocabulary.Eos] : TaskVocabulary.Encode(text);

    [Fact]
    public void JudgeGivesOneForTheAnswerPartialCreditByEditDistanceAndZeroWithoutAnEnd()
    {
        Assert.Equal(1, TaskJudge.Reward("85", Completion("85")));
        Assert.Equal(0.25, TaskJudge.Reward("85", Completion("84")), 12);          // 1 edit of 2
        Assert.Equal(0.5 * (1 - 1.0 / 3), TaskJudge.Reward("85", Completion("853")), 12); // 1 insertion, longer 3
        Assert.Equal(0, TaskJudge.Reward("85", Completion("85", stop: false)));
        Assert.Equal(0, TaskJudge.Reward("abc", Completion("")), 12);              // 3 edits of 3
        Assert.Equal(1, TaskJudge.Reward("abc", [.. Completion("abc"), 5, 6]));    // tokens after the end are ignored
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abcd", "abdc", 2)]
    [InlineData("same", "same", 0)]
    public void EditDistanceIsLevenshtein(string a, string b, int expected) => Assert.Equal(expected, TaskJudge.EditDistance(a, b));

    [Fact]
    public void ProblemsHaveTheRightOracleAnswers()
    {
        var random = new Generator(5);
        for (int i = 0; i < 200; i++)
        {
            var add = TaskProblem.Draw(AlignTask.Arithmetic, random);
            var parts = add.Prompt.TrimEnd('=').Split('+');
            Assert.Equal((int.Parse(parts[0]) + int.Parse(parts[1])).ToString(), add.Answer);
            var rev = TaskProblem.Draw(AlignTask.Reverse, random);
            Assert.Equal(new string(rev.Prompt[1..^1].Reverse().ToArray()), rev.Answer);
            var sort = TaskProblem.Draw(AlignTask.Sort, random);
            Assert.Equal(new string(sort.Prompt[1..^1].Order().ToArray()), sort.Answer);
            Assert.NotEqual(sort.Answer, TaskProblem.Corrupt(AlignTask.Sort, sort.Answer, random));
            Assert.True(add.PromptIds.Length + add.AnswerIds.Length <= TaskDataset.MaxSequence);
            Assert.True(rev.PromptIds.Length + TaskDataset.MaxNewTokens <= TaskDataset.MaxSequence);
        }
        Assert.Equal("rev:abc>", TaskVocabulary.Display("Rabc>"));
        Assert.Equal("12+3=", TaskVocabulary.Decode(TaskVocabulary.Encode("12+3=")));
        Assert.Throws<ArgumentException>(() => TaskVocabulary.Encode("x"));
    }

    [Fact]
    public void DatasetsAreDeterministicDisjointAndCorruptAnExactFraction()
    {
        var sizes = new TaskDatasetSizes { Pretraining = 500, Demonstrations = 200, HeldOut = 50, CorruptedFraction = 0.2 };
        var a = new TaskDataset(AlignTask.Arithmetic, sizes, 42);
        var b = new TaskDataset(AlignTask.Arithmetic, sizes, 42);
        var c = new TaskDataset(AlignTask.Arithmetic, sizes with { CorruptedFraction = 0 }, 42);
        Assert.Equal(a.HeldOut, b.HeldOut);
        Assert.Equal(a.Demonstrations, b.Demonstrations);
        Assert.Equal(a.Pretraining, b.Pretraining);
        Assert.Equal(a.DemonstrationProblems, c.DemonstrationProblems); // the clean and corrupted variants share prompts
        Assert.NotEqual(a.HeldOut, new TaskDataset(AlignTask.Arithmetic, sizes, 43).HeldOut);
        var held = a.HeldOut.Select(p => p.Prompt).ToHashSet();
        Assert.DoesNotContain(a.DemonstrationProblems, p => held.Contains(p.Prompt));
        Assert.Equal(a.DemonstrationProblems.Count, a.DemonstrationProblems.Select(p => p.Prompt).Distinct().Count());
        Assert.Equal(40, a.Corrupted.Count(x => x));
        // Validation prompts choose hyperparameters: they must be disjoint from the test prompts and from everything trained on.
        Assert.Equal(sizes.Validation, a.Validation.Select(p => p.Prompt).Distinct().Count());
        var demoPrompts = a.DemonstrationProblems.Select(p => p.Prompt).ToHashSet();
        var corpusPrompts = a.Pretraining.Select(seq => TaskVocabulary.Decode(seq).Split('=', '>')[0]).ToHashSet();
        Assert.All(a.Validation, p => Assert.False(held.Contains(p.Prompt) || demoPrompts.Contains(p.Prompt), p.Prompt));
        Assert.All(a.Validation, p => Assert.DoesNotContain(p.Prompt[..^1], corpusPrompts));
        Assert.All(a.HeldOut, p => Assert.DoesNotContain(p.Prompt[..^1], corpusPrompts));
        for (int i = 0; i < a.Demonstrations.Count; i++)
            Assert.Equal(!a.Corrupted[i], TaskJudge.Reward(a.DemonstrationProblems[i].Answer, a.Demonstrations[i]) == 1);
        Assert.Throws<ArgumentException>(() => new TaskDataset(AlignTask.Sort, sizes with { CorruptedFraction = 1.5 }, 1));
    }

    [Fact]
    public void ParsersNameTheField()
    {
        Assert.Equal(AlignTask.Sort, AlignTasks.Parse(" Sort "));
        Assert.Equal(AlignMethod.Irft, AlignMethods.Parse("irft"));
        Assert.Equal("Method", Assert.Throws<ArgumentException>(() => AlignMethods.Parse("ppo")).ParamName);
        Assert.Equal("Batch", Assert.Throws<ArgumentException>(() => new AlignSettings { Batch = 30 }.Validate()).ParamName);
    }
}
